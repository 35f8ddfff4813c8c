import BatchLabRun
import BatchLabTracking
import BatchLabTraining

/// A run's records sent to rank 0 of a sweep, which holds the store (`RunJournal` over MPI): a
/// worker rank trains, rank 0 writes. Requests that need an answer (a new run's id, reopening a
/// run, a verdict) wait for it.
final class RankJournal: RunJournal {
    let world: MPICommunicator

    init(world: MPICommunicator) { self.world = world }

    var location: String { "the store of rank 0" }

    func createRun(_ run: NewRun) throws -> Int64 {
        switch try ask(.createRun(run)) {
        case .runID(let id): return id
        case let answer: throw Self.refusal(answer)
        }
    }

    func appendEpoch(runID: Int64, logs: EpochLogs, stepLosses: [StepLoss]) throws {
        try tell(.appendEpoch(runID: runID, logs: logs.jsonLine(), stepLosses: stepLosses))
    }

    func setStatus(runID: Int64, _ status: RunStatus, message: String?) throws {
        try tell(.setStatus(runID: runID, status: status, message: message))
    }

    func resume(runID: Int64, afterEpoch epoch: Int, process: RunProcess) throws {
        switch try ask(.resume(runID: runID, afterEpoch: epoch, process: process)) {
        case .done: return
        case let answer: throw Self.refusal(answer)
        }
    }

    func setRanks(runID: Int64, hosts: [String]) throws {
        try tell(.setRanks(runID: runID, hosts: hosts))
    }

    /// Blocks until rank 0 has judged the run at `epoch`; `giveUp` (Ctrl-C) ends the wait as `interrupt`.
    func verdict(runID: Int64, epoch: Int, giveUp: () -> Bool) throws -> EpochGate.Verdict {
        try tell(.awaitVerdict(runID: runID, epoch: epoch))
        guard case .verdict(let line)? = try answer(giveUp: giveUp) else { return .interrupt }
        return line.flatMap(EpochGate.Verdict.init(line:)) ?? .interrupt
    }

    /// Sends `message` to rank 0.
    func tell(_ message: WorkerMessage) throws {
        try world.send(SweepMessage.encode(message), to: 0, tag: SweepMessage.toCoordinator)
    }

    /// Sends `message` to rank 0 and waits for the answer.
    private func ask(_ message: WorkerMessage) throws -> CoordinatorMessage {
        try tell(message)
        return try answer(expectingVerdict: false, giveUp: { false })!
    }

    /// Rank 0's next answer to this rank; nil once `giveUp` says so. A verdict for a run that has
    /// ended meanwhile (Ctrl-C while waiting) may come first: it is dropped.
    func answer(expectingVerdict: Bool = true, giveUp: () -> Bool) throws -> CoordinatorMessage? {
        while let (sender, bytes) = try world.receive(from: 0, tag: SweepMessage.toWorker, giveUp: giveUp) {
            let message = try SweepMessage.decode(CoordinatorMessage.self, from: bytes, sender: sender)
            if case .verdict = message, !expectingVerdict { continue }
            return message
        }
        return nil
    }

    private static func refusal(_ answer: CoordinatorMessage) -> Error {
        if case .refused(let reason) = answer { return RunError(reason) }
        return SweepMessageError("rank 0 answered \(answer), which does not answer the request")
    }
}
