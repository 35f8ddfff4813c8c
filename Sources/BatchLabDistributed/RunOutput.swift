import Foundation

/// A run's standard output and error sent to its log file while it trains, as a sweep's process
/// would write them: the terminal of `mpirun` shows rank 0's table, not every rank's progress.
enum RunOutput {
    /// Runs `body` with standard output and error appended to `log` (created when missing); with
    /// no log, as they are.
    static func redirected<Result>(to log: URL?, _ body: () throws -> Result) throws -> Result {
        guard let log else { return try body() }
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        let file = open(log.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard file >= 0 else { throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: log.path]) }
        fflush(stdout)
        let (output, error) = (dup(STDOUT_FILENO), dup(STDERR_FILENO))
        dup2(file, STDOUT_FILENO)
        dup2(file, STDERR_FILENO)
        close(file)
        defer {
            fflush(stdout)
            dup2(output, STDOUT_FILENO)
            dup2(error, STDERR_FILENO)
            close(output)
            close(error)
        }
        return try body()
    }
}
