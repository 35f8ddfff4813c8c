import Foundation

extension Process {
    /// `run()`, with the child starting from an empty signal mask.
    ///
    /// A spawned process inherits the spawning thread's mask (`posix_spawn` without
    /// `POSIX_SPAWN_SETSIGMASK`, which Foundation does not set), and Swift code runs on
    /// libdispatch threads that block almost every signal: a child started from one ignores
    /// SIGTERM and SIGINT for its whole life. Every process BatchLab starts goes through here.
    public func runWithCleanSignalMask() throws {
        var empty = sigset_t(), saved = sigset_t()
        sigemptyset(&empty)
        pthread_sigmask(SIG_SETMASK, &empty, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try run()
    }
}
