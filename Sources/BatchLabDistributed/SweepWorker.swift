import BatchLabConfig
import BatchLabExperiments
import BatchLabRun
import BatchLabTracking
import BatchLabTraining
import Foundation

/// A worker rank of a sweep spread over an MPI job (`batchlab sweep` under `mpirun`): it asks
/// rank 0 for runs and trains them until rank 0 says `finish`. With a `group` of several ranks
/// (`--ranks-per-run`), the group trains each run data-parallel: its first rank talks to rank 0
/// and passes assignments and verdicts on to the others. A run's output goes to its log,
/// `<logs>/<run name>.log`, as a sweep's process would write it.
public struct SweepWorker {
    public let world: MPICommunicator
    /// The ranks that train one run together; nil: this rank alone.
    public let group: MPICommunicator?
    /// The threads a run uses when its configuration sets none.
    public let threads: Int
    /// Where run logs go: `<logDirectory(study)>/<run name>.log`.
    public let logDirectory: (_ study: String) -> URL
    public let version: String
    public let stop: StopSignal

    public init(world: MPICommunicator, group: MPICommunicator?, threads: Int, version: String, stop: StopSignal,
                logDirectory: @escaping (_ study: String) -> URL) {
        (self.world, self.group, self.threads, self.version, self.stop, self.logDirectory) = (world, group, threads, version, stop, logDirectory)
    }

    private var leads: Bool { (group?.rank ?? 0) == 0 }
    private var journal: RankJournal { RankJournal(world: world) }

    /// Trains the runs rank 0 hands out until it says `finish`.
    public func run() throws {
        while true {
            var bytes: [UInt8] = []
            if leads {
                try journal.tell(.ready)
                guard let answer = try journal.answer(expectingVerdict: false, giveUp: { false }) else { continue }
                bytes = SweepMessage.encode(answer)
            }
            if let group { bytes = try group.broadcast(bytes, from: 0) }
            switch try SweepMessage.decode(CoordinatorMessage.self, from: bytes, sender: 0) {
            case .finish: return
            case .train(let assignment): try train(assignment)
            case let other: throw SweepMessageError("rank 0 answered \(other) when asked for a run")
            }
        }
    }

    /// Trains one run, its output in its log, and tells rank 0 it ended.
    private func train(_ assignment: RunAssignment) throws {
        var configuration = assignment.configuration
        if configuration.threads == nil { configuration.threads = threads }
        var run = TrainingRun(configuration: configuration, name: assignment.name, study: assignment.study, version: version, stop: stop)
        if let group, group.size > 1 { run.dataParallel = (group, try group.hostNames()) }
        if !leads { run.log = { _ in } }
        run.gateEpochs = Set(assignment.rungs)
        run.verdictSource = "from rank 0, which holds the sweep's rung decisions"
        run.verdict = { [journal, group, leads, stop] runID, epoch in
            // The group's first rank asks; every rank of the group takes the same verdict.
            var verdict = EpochGate.Verdict.interrupt
            if leads { verdict = (try? journal.verdict(runID: runID, epoch: epoch) { stop.isRequested }) ?? .interrupt }
            guard let group else { return verdict }
            let line = (try? group.broadcast(Array((verdict.line ?? "").utf8), from: 0)) ?? []
            return EpochGate.Verdict(line: String(decoding: line, as: UTF8.self)) ?? .interrupt
        }
        let log = logDirectory(assignment.study).appendingPathComponent(SweepRunner.fileName(assignment.name) + ".log")
        var failure: String?
        do {
            try RunOutput.redirected(to: leads ? log : nil) {
                if let resuming = assignment.resuming {
                    _ = try run.resume(runID: resuming, name: assignment.name, store: leads ? journal : nil)
                } else {
                    _ = try run.start(store: leads ? journal : nil)
                }
            }
        } catch let error as CollectiveError {
            throw error  // A rank of the group is gone: the job is ending.
        } catch {
            // The others of a group may wait in a collective this rank will never reach: the job ends.
            if let group, group.size > 1 {
                throw SweepWorkersError("run '\(assignment.name)' failed on rank \(world.rank), one of the \(group.size) that train it "
                                        + "together, which cannot leave it alone: \(error)")
            }
            failure = "\(error)"
        }
        if leads { try journal.tell(.ended(error: failure)) }
    }
}
