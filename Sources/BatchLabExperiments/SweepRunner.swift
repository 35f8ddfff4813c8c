import BatchLabConfig
import BatchLabCore
import BatchLabTracking
import BatchLabTraining
import Foundation

/// Runs a sweep's configurations on its workers (`SweepWorkers`: a `batchlab train` process per
/// run, or MPI ranks), at most `parallel` at a time, each recording into the shared store, so a
/// crash or a divergence in one leaves the others running. Progress is read back from the store,
/// and verdicts of early termination go to a run through its job (`EpochGate`).
public final class SweepRunner {
    public let storePath: String
    public let study: String
    public let workers: any SweepWorkers
    public var parallel: Int { workers.capacity }
    /// Where each run's checkpoints go (`<logDirectory>/checkpoints`), and its log where it has one.
    public let logDirectory: URL
    /// Set in every run's configuration: the data folder (of runs that name none) and the threads
    /// per run (nil: each worker decides).
    public let dataFolder: String?
    public let threads: Int?

    public init(workers: any SweepWorkers, storePath: String, study: String, logDirectory: URL, dataFolder: String? = nil, threads: Int? = nil) {
        self.workers = workers
        self.storePath = storePath
        self.study = study
        self.logDirectory = logDirectory
        self.dataFolder = dataFolder
        self.threads = threads
    }

    /// The runner of `batchlab train` processes, `parallel` at a time, from `executable`.
    public convenience init(executable: URL, storePath: String, study: String, parallel: Int, logDirectory: URL,
                            dataFolder: String? = nil, threads: Int? = nil) {
        let workers = ProcessWorkers(executable: executable, storePath: storePath, study: study, parallel: parallel, logDirectory: logDirectory)
        self.init(workers: workers, storePath: storePath, study: study, logDirectory: logDirectory, dataFolder: dataFolder, threads: threads)
    }

    /// The configuration a run trains with: its own, on the sweep's data folder and threads, with
    /// checkpoints under `<logDirectory>/checkpoints` unless it names a folder (`sweep --resume`
    /// continues an interrupted run from them).
    public func configuration(for spec: RunSpec) -> RunConfiguration {
        var configuration = spec.configuration
        if configuration.data.folder == nil { configuration.data.folder = dataFolder }
        if let threads { configuration.threads = threads }
        if configuration.callbacks.checkpointDir == nil {
            configuration.callbacks.checkpointDir = logDirectory.appendingPathComponent("checkpoints").path
        }
        return configuration
    }

    /// Runs every spec (their names must be unique); calls `onUpdate` with the table about twice
    /// a second. Once `stopSignal` returns a signal (Ctrl-C, or the SIGTERM a job scheduler sends
    /// at its time limit), no run starts and the running ones get that signal: they stop after
    /// their current step and record themselves as interrupted.
    ///
    /// With `earlyTermination`, every run waits at the rungs of its halving schedule until the
    /// `RungJudge` has ranked it, in trial order; a run told to stop records itself as
    /// `stopped-early` with the reason.
    ///
    /// `resuming` continues the sweep the study's runs in the store began: a run that ended
    /// (finished, diverged, stopped early) is kept, an interrupted or failed one continues from
    /// its checkpoint (`train --resume`), one never started starts. The judge first takes every
    /// recorded epoch, in trial order, so the decisions already taken stand: a run they stop is
    /// recorded stopped-early, and a resumed run waits only at rungs not yet judged.
    public func run(_ specs: [RunSpec], earlyTermination: EarlyTermination? = nil, resuming: Bool = false,
                    stopSignal: () -> Int32? = { nil }, onUpdate: ([SweepRow]) -> Void) throws -> [SweepRow] {
        precondition(Set(specs.map(\.name)).count == specs.count, "sweep run names must be unique")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        let store = try SQLiteRunStore(path: storePath)
        var pending = specs[...]
        var running: [any SweepJob] = []
        var finished: [String: SweepRow] = [:]
        var interrupted = false
        var judge = earlyTermination.map { RungJudge($0, specs: specs) }
        var resumed: [String: RunRecord] = [:]
        if resuming {
            (resumed, finished) = try takeUp(specs, judge: &judge, store: store)
            pending = specs.filter { finished[$0.name] == nil }[...]
        }
        // On an error below, the runs still going are stopped and waited for rather than left behind.
        var ended = false
        defer { if !ended { try? workers.finish(cleanly: false) } }
        while !pending.isEmpty || !running.isEmpty {
            if let signal = stopSignal(), !interrupted {
                interrupted = true
                pending.removeAll()
                for job in running where job.isRunning { job.signal(signal) }
            }
            // In trial order; a resumed run waits until its recorded rungs are judged (below).
            while running.count < parallel, let spec = pending.first, mayStart(spec, resumed: resumed, judge: judge) {
                pending.removeFirst()
                do {
                    running.append(try workers.start(spec, configuration: configuration(for: spec), waitingAt: judge?.rungs(of: spec) ?? [],
                                                     resuming: resumed[spec.name]))
                } catch let error as SweepWorkersError {
                    throw error
                } catch {
                    finished[spec.name] = SweepRow(name: spec.name, status: RunStatus.failed.rawValue, epoch: 0,
                                                   epochs: spec.epochs, message: "could not start: \(error)")
                }
            }
            if judge != nil, !interrupted {
                // A stop for a resumed run not started yet: it stopped at a rung it had recorded.
                for verdict in try answer(&judge!, running: running, pending: pending, store: store) {
                    guard case .stop(let reason) = verdict.verdict, let record = resumed[verdict.name],
                          let index = pending.firstIndex(where: { $0.name == verdict.name }) else { continue }
                    pending.remove(at: index)
                    try store.setStatus(runID: record.id, .stoppedEarly, message: reason)
                    finished[verdict.name] = try row(for: try store.run(id: record.id)!, store: store)
                }
            }
            for job in running where !job.isRunning {
                let records = try store.runs(study: study)
                // Its last epochs may have come after the judge last read them: a value it
                // recorded at a rung still counts for the trials after it.
                if judge != nil { try feed(&judge!, job, records: records, store: store) }
                finished[job.spec.name] = try settle(job, records: records, store: store)
            }
            running.removeAll { !$0.isRunning && finished[$0.spec.name] != nil }
            onUpdate(try rows(specs, running: running, finished: finished, store: store))
            if !running.isEmpty || !pending.isEmpty { try workers.wait(seconds: 0.5) }
        }
        ended = true
        try workers.finish(cleanly: true)
        let final = try rows(specs, running: [], finished: finished, store: store)
        onUpdate(final)
        return final
    }

    /// Gives the judge the epochs the running jobs have recorded and sends each verdict due to its
    /// run; returns the verdicts for runs not running (resumed runs not started yet).
    @discardableResult
    private func answer(_ judge: inout RungJudge, running: [any SweepJob], pending: ArraySlice<RunSpec>,
                        store: SQLiteRunStore) throws -> [RungJudge.Verdict] {
        // Which runs are alive, taken before their epochs are read: a run that ends in between
        // still counts as alive this time, and its last epochs are read when it is settled.
        let alive = Set(running.filter(\.isRunning).map(\.spec.name) + pending.map(\.name))
        let records = try store.runs(study: study)
        for job in running { try feed(&judge, job, records: records, store: store) }
        var notRunning: [RungJudge.Verdict] = []
        for verdict in judge.verdicts(isActive: alive.contains) {
            guard let job = running.first(where: { $0.spec.name == verdict.name }) else {
                notRunning.append(verdict)
                continue
            }
            job.send(verdict.verdict)
        }
        return notRunning
    }

    /// Gives the judge every epoch `job`'s run has recorded (none before it has created its run).
    private func feed(_ judge: inout RungJudge, _ job: any SweepJob, records: [RunRecord], store: SQLiteRunStore) throws {
        guard let record = job.record(in: records) else { return }
        judge.record(job.spec, epochs: try store.epochs(runID: record.id))
    }

    /// The final row of a run whose job has ended; a run its job left `running` gets the job's
    /// ending. `records` are the study's runs, read after the job ended.
    private func settle(_ job: any SweepJob, records: [RunRecord], store: SQLiteRunStore) throws -> SweepRow {
        guard let record = job.record(in: records) else {
            return SweepRow(name: job.spec.name, status: RunStatus.failed.rawValue, epoch: 0, epochs: job.spec.epochs,
                            message: job.ending().message)
        }
        if record.status == .running {
            let (status, message) = job.ending()
            try store.setStatus(runID: record.id, status, message: message)
        }
        return try row(for: try store.run(id: record.id)!, store: store, placement: job.placement)
    }

    private func rows(_ specs: [RunSpec], running: [any SweepJob], finished: [String: SweepRow], store: SQLiteRunStore) throws -> [SweepRow] {
        let records = try store.runs(study: study)
        return try specs.map { spec in
            if let row = finished[spec.name] { return row }
            let job = running.first { $0.spec.name == spec.name }
            if let job, let record = job.record(in: records) {
                return try row(for: record, store: store, placement: job.placement)
            }
            return SweepRow(name: spec.name, status: job == nil ? "queued" : "starting", epoch: 0, epochs: spec.epochs, placement: job?.placement)
        }
    }

    func row(for record: RunRecord, store: SQLiteRunStore, placement: String? = nil) throws -> SweepRow {
        let last = try store.epochs(runID: record.id).last
        return SweepRow(name: record.name, runID: record.id, status: record.status.rawValue,
                        epoch: last?["epoch"].map { Int($0) } ?? 0, epochs: record.config.epochs, loss: last?["loss"],
                        valAccuracy: last?["val_accuracy"], learningRate: last?["lr"], imagesPerSecond: last?["images_per_second"],
                        message: record.message, placement: placement)
    }

    /// A run name as a file name: letters, digits, `.`, `-` and `_` kept, the rest `_`.
    public static func fileName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
    }
}

/// A sweep that cannot be taken up, said in one line.
public struct SweepRunnerError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
