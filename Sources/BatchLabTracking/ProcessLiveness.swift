import Foundation

/// Whether the process that writes a run is still there.
///
/// A pid alone is not enough: once a process ends, the system may give its pid to another, and a
/// dead run would read as alive. A run therefore also records its process's start: the boot's id
/// and the process's start time in clock ticks since boot (`/proc/<pid>/stat`, field 22), which
/// no later process with the same pid shares.
public enum ProcessLiveness {
    /// "<boot id>/<start ticks>" of process `pid` on this host; nil when it does not exist (or
    /// where /proc is not available).
    public static func startIdentity(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let boot = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8),
              let nameEnd = stat.lastIndex(of: ")") else { return nil }
        // After "pid (comm)": field 3 (state) onwards; the start time is field 22.
        let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
        guard fields.count > 19, UInt64(fields[19]) != nil else { return nil }
        return "\(boot.trimmingCharacters(in: .whitespacesAndNewlines))/\(fields[19])"
    }

    /// True for a live process on this host that is the one recorded (`started`, when the store
    /// has it), and for any process on another host (which cannot be checked).
    public static func isAlive(host: String, pid: Int32, started: String?) -> Bool {
        guard host == ProcessInfo.processInfo.hostName else { return true }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let started, let now = startIdentity(of: pid) else { return true }
        return now == started
    }
}
