import Foundation

/// Whether the process that writes a run is still there.
enum ProcessLiveness {
    /// True for a live process on this host, and for any process on another host (which cannot be checked).
    static func isAlive(host: String, pid: Int32) -> Bool {
        guard host == ProcessInfo.processInfo.hostName else { return true }
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
