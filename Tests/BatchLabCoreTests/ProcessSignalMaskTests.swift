import BatchLabCore
import Dispatch
import Foundation
import Testing

/// A process BatchLab starts must start with no signal blocked, whatever thread starts it.
@Suite struct ProcessSignalMaskTests {
    /// The child's blocked-signal mask, as /proc/self/status shows it.
    func blockedInChild(clean: Bool) throws -> String {
        let process = Process()
        // grep itself, not a shell: dash clears the mask it starts with.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["grep", "SigBlk", "/proc/self/status"]
        let output = Pipe()
        process.standardOutput = output
        // As libdispatch's worker threads (where Swift's async code runs) do: block what they block.
        var blocked = sigset_t(), saved = sigset_t()
        sigfillset(&blocked)
        pthread_sigmask(SIG_SETMASK, &blocked, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        if clean { try process.runWithCleanSignalMask() } else { try process.run() }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aChildStartsWithNoSignalBlocked() throws {
        #expect(try blockedInChild(clean: true) == "SigBlk:\t0000000000000000")
        // Without it, the child inherits the mask: the reason the helper exists.
        #expect(try blockedInChild(clean: false) != "SigBlk:\t0000000000000000")
    }
}
