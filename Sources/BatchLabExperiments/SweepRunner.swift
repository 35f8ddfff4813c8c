import BatchLabConfig
import BatchLabCore
import BatchLabTracking
import BatchLabTraining
import Foundation

/// Runs a sweep's configurations as `batchlab train` processes, at most `parallel` at a time,
/// each writing to the shared store, so a crash or a divergence in one leaves the others
/// running. Each run's configuration is written to `<logDirectory>/<run name>.yaml` and its
/// process started as `batchlab train --config` that file; its output goes to `<run name>.log`
/// beside it. Progress is read back from the store, and verdicts of early termination go to a
/// run's standard input (`EpochGate`).
public final class SweepRunner {
    public let executable: URL
    public let storePath: String
    public let study: String
    public let parallel: Int
    public let logDirectory: URL
    /// Set in every run's configuration: the data folder (of runs that name none) and the threads per run.
    public let dataFolder: String?
    public let threads: Int?
    /// The data folder a resumed run is told to use instead of its own (`sweep --resume --data`).
    public var resumedDataFolder: String?

    private struct Job {
        var spec: RunSpec
        var process: Process
        var log: URL
        /// The run's standard input, where verdicts at its rungs go.
        var verdicts: FileHandle
    }

    public init(executable: URL, storePath: String, study: String, parallel: Int, logDirectory: URL,
                dataFolder: String? = nil, threads: Int? = nil) {
        precondition(parallel >= 1)
        self.executable = executable
        self.storePath = storePath
        self.study = study
        self.parallel = parallel
        self.logDirectory = logDirectory
        self.dataFolder = dataFolder
        self.threads = threads
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

    /// Where a run's configuration file goes, beside its log.
    public func configurationFile(for spec: RunSpec) -> URL {
        logDirectory.appendingPathComponent(Self.fileName(spec.name) + ".yaml")
    }

    /// The command line of one run; with `rungs`, the run waits after those epochs for a verdict.
    /// A run `resuming` its record continues it from its checkpoint with its recorded configuration.
    public func arguments(for spec: RunSpec, waitingAt rungs: [Int] = [], resuming record: RunRecord? = nil) -> [String] {
        // A run that names its own data folder keeps it; the others follow `sweep --resume --data`.
        let data = spec.configuration.data.folder == nil ? resumedDataFolder.map { ["--data", $0] } ?? [] : []
        let start = record.map { ["train", "--resume", "\($0.id)"] + data }
            ?? ["train", "--config", configurationFile(for: spec).path, "--name", spec.name, "--study", study]
        return start + ["--store", storePath] + (rungs.isEmpty ? [] : ["--wait-at-epochs", rungs.map(String.init).joined(separator: ",")])
    }

    /// Runs every spec (their names must be unique); calls `onUpdate` with the table about twice
    /// a second. Once `stopSignal` returns a signal (Ctrl-C, or the SIGTERM a job scheduler sends
    /// at its time limit), no run starts and the running ones get that signal (each process has
    /// its own process group, so the terminal's Ctrl-C reaches only this one): they stop after
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
        // A verdict written to a run that has just exited must fail as an error, not kill the sweep
        // (the runs inherit the setting: they write to log files, where it changes nothing).
        signal(SIGPIPE, SIG_IGN)
        let store = try SQLiteRunStore(path: storePath)
        var pending = specs[...]
        var running: [Job] = []
        var finished: [String: SweepRow] = [:]
        var interrupted = false
        var judge = earlyTermination.map { RungJudge($0, specs: specs) }
        var resumed: [String: RunRecord] = [:]
        if resuming {
            (resumed, finished) = try takeUp(specs, judge: &judge, store: store)
            pending = specs.filter { finished[$0.name] == nil }[...]
        }
        defer {
            // On an error below, stop and reap the runs still going rather than leave them behind.
            for job in running where job.process.isRunning { kill(job.process.processIdentifier, SIGINT) }
            for job in running {
                try? job.verdicts.close()
                job.process.waitUntilExit()
            }
        }
        while !pending.isEmpty || !running.isEmpty {
            if let signal = stopSignal(), !interrupted {
                interrupted = true
                pending.removeAll()
                for job in running where job.process.isRunning { kill(job.process.processIdentifier, signal) }
            }
            // In trial order; a resumed run waits until its recorded rungs are judged (below).
            while running.count < parallel, let spec = pending.first, mayStart(spec, resumed: resumed, judge: judge) {
                pending.removeFirst()
                do {
                    running.append(try launch(spec, waitingAt: judge?.rungs(of: spec) ?? [], resuming: resumed[spec.name]))
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
            for job in running where !job.process.isRunning {
                try? job.verdicts.close()
                let records = try store.runs(study: study)
                // Its last epochs may have come after the judge last read them: a value it
                // recorded at a rung still counts for the trials after it.
                if judge != nil { try feed(&judge!, job, records: records, store: store) }
                finished[job.spec.name] = try settle(job, records: records, store: store)
            }
            running.removeAll { !$0.process.isRunning && finished[$0.spec.name] != nil }
            onUpdate(try rows(specs, running: running, finished: finished, store: store))
            if !running.isEmpty || !pending.isEmpty { usleep(500_000) }
        }
        let final = try rows(specs, running: [], finished: finished, store: store)
        onUpdate(final)
        return final
    }

    /// Gives the judge the epochs the running jobs have recorded and sends each verdict due to its
    /// run; returns the verdicts for runs not running (resumed runs not started yet).
    @discardableResult
    private func answer(_ judge: inout RungJudge, running: [Job], pending: ArraySlice<RunSpec>,
                        store: SQLiteRunStore) throws -> [RungJudge.Verdict] {
        // Which runs are alive, taken before their epochs are read: a run that ends in between
        // still counts as alive this time, and its last epochs are read when it is settled.
        let alive = Set(running.filter(\.process.isRunning).map(\.spec.name) + pending.map(\.name))
        let records = try store.runs(study: study)
        for job in running { try feed(&judge, job, records: records, store: store) }
        var notRunning: [RungJudge.Verdict] = []
        for verdict in judge.verdicts(isActive: alive.contains) {
            guard let job = running.first(where: { $0.spec.name == verdict.name }) else {
                notRunning.append(verdict)
                continue
            }
            // A run that has exited meanwhile cannot take its verdict: nothing to do.
            if let line = verdict.verdict.line { try? job.verdicts.write(contentsOf: Data(line.utf8)) }
        }
        return notRunning
    }

    /// Gives the judge every epoch `job`'s run has recorded (none before it has created its run).
    private func feed(_ judge: inout RungJudge, _ job: Job, records: [RunRecord], store: SQLiteRunStore) throws {
        guard let record = Self.record(of: job, in: records) else { return }
        judge.record(job.spec, epochs: try store.epochs(runID: record.id))
    }

    private func launch(_ spec: RunSpec, waitingAt rungs: [Int], resuming record: RunRecord?) throws -> Job {
        let log = logDirectory.appendingPathComponent(Self.fileName(spec.name) + ".log")
        if record == nil || !FileManager.default.fileExists(atPath: log.path) {
            try ConfigurationFile.yaml(configuration(for: spec)).write(to: configurationFile(for: spec), atomically: true, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        // A resumed run's output follows its earlier output.
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        try handle.seekToEnd()
        // Foundation closes the parent's read end after the launch, and every other descriptor
        // in the child: closing the write end ends this run's input.
        let input = Pipe()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments(for: spec, waitingAt: rungs, resuming: record)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = input
        // The run stops when the sweep ends, even killed (`StopSignal.stopWhenParentEnds`).
        process.environment = ProcessInfo.processInfo.environment.merging([Self.parentVariable: "\(getpid())"]) { _, own in own }
        try process.runWithCleanSignalMask()
        return Job(spec: spec, process: process, log: log, verdicts: input.fileHandleForWriting)
    }

    /// The environment variable that gives a run the sweep's pid.
    public static let parentVariable = "BATCHLAB_SWEEP_PID"

    /// The run a job's process records among `records`, once it has created it.
    private static func record(of job: Job, in records: [RunRecord]) -> RunRecord? {
        records.first { $0.pid == job.process.processIdentifier && $0.name == job.spec.name }
    }

    /// The final row of a run whose process has exited; a run its process left `running` is
    /// marked interrupted (killed by a signal) or failed. `records` are the study's runs, read
    /// after the process exited.
    private func settle(_ job: Job, records: [RunRecord], store: SQLiteRunStore) throws -> SweepRow {
        let lastLine = (try? String(contentsOf: job.log, encoding: .utf8))?
            .split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        guard let record = Self.record(of: job, in: records) else {
            return SweepRow(name: job.spec.name, status: RunStatus.failed.rawValue, epoch: 0, epochs: job.spec.epochs,
                            message: lastLine.isEmpty ? "exited with status \(job.process.terminationStatus)" : lastLine)
        }
        if record.status == .running {
            let (status, message) = Self.ending(job.process, lastLine: lastLine)
            try store.setStatus(runID: record.id, status, message: message)
        }
        return try row(for: try store.run(id: record.id)!, store: store)
    }

    private func rows(_ specs: [RunSpec], running: [Job], finished: [String: SweepRow], store: SQLiteRunStore) throws -> [SweepRow] {
        let records = try store.runs(study: study)
        return try specs.map { spec in
            if let row = finished[spec.name] { return row }
            if let job = running.first(where: { $0.spec.name == spec.name }), let record = Self.record(of: job, in: records) {
                return try row(for: record, store: store)
            }
            let status = running.contains { $0.spec.name == spec.name } ? "starting" : "queued"
            return SweepRow(name: spec.name, status: status, epoch: 0, epochs: spec.epochs)
        }
    }

    func row(for record: RunRecord, store: SQLiteRunStore) throws -> SweepRow {
        let last = try store.epochs(runID: record.id).last
        return SweepRow(name: record.name, runID: record.id, status: record.status.rawValue,
                        epoch: last?["epoch"].map { Int($0) } ?? 0, epochs: record.config.epochs, loss: last?["loss"],
                        valAccuracy: last?["val_accuracy"], learningRate: last?["lr"], imagesPerSecond: last?["images_per_second"],
                        message: record.message)
    }

    /// How a process that left its run `running` ended: stopped from outside (SIGINT, SIGTERM,
    /// SIGKILL, SIGHUP) is `interrupted`; a crash or an error exit is `failed`.
    static func ending(_ process: Process, lastLine: String) -> (RunStatus, String) {
        let code = process.terminationStatus
        guard process.terminationReason == .uncaughtSignal else {
            return (.failed, lastLine.isEmpty ? "exited with status \(code)" : lastLine)
        }
        if [SIGINT, SIGTERM, SIGKILL, SIGHUP].contains(code) { return (.interrupted, "stopped by signal \(code)") }
        return (.failed, "crashed with signal \(code)" + (lastLine.isEmpty ? "" : " after: \(lastLine)"))
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
