import ArgumentParser
import BatchLabDistributed
import Foundation

extension MPIWorld {
    /// Runs a command's work on this rank, then leaves the job: finalized when the work returns
    /// or ends by an exit code (Ctrl-C reaches every rank at the same step). After an error, the
    /// rank prints it (naming itself unless it is rank 0) and aborts the job, since the other
    /// ranks would wait for it forever.
    func running(_ work: () throws -> Void) throws {
        do {
            try work()
        } catch let error where error is ExitCode || error is CleanExit {
            finalize()
            throw error
        } catch {
            let rankName = rank == 0 ? "" : "rank \(rank): "
            FileHandle.standardError.write(Data("Error: \(rankName)\(BatchLab.message(for: error))\n".utf8))
            abort(code: 1)
        }
        finalize()
    }
}
