import BatchLabConfig
import BatchLabCore
import BatchLabData
import BatchLabTracking
import Foundation

/// How the runs of a sweep or a study are executed: this program's `train` in one process per
/// run, so many at a time with so many threads each (or on the ranks of an MPI job: `ranks`), on
/// one data folder, into one store. It keeps
/// each sweep's plan in the store before starting (for `resume(study:)`), validates every run's
/// configuration first, and reports through `log` (lines) and `onUpdate` (the table's rows).
public struct SweepExecution {
    public var executable: URL
    public var storePath: String
    /// The data folder flag; nil: $BATCHLAB_DATA, else the cache.
    public var dataFolder: String?
    /// Runs at once and threads per run; nil: one run per core, cores / runs threads.
    public var parallel: Int?
    public var threadsPerRun: Int?
    public var version: String
    public var log: (String) -> Void = { print($0) }
    public var onUpdate: ([SweepRow]) -> Void = { _ in }
    /// The signal that asked the sweep to stop, once one did: no run starts then, and the running
    /// ones get that signal.
    public var stopSignal: () -> Int32? = { nil }
    /// Where the runs train when not in processes of their own: the MPI ranks of `RankWorkers`.
    public var ranks: RankPlacement?

    /// Runs on the ranks of an MPI job: `capacity` at a time, each on `ranksPerRun` ranks (its
    /// batch size must be a multiple of it), each rank choosing its threads unless
    /// `threadsPerRun` is set; `make` gives the workers of a study.
    public struct RankPlacement {
        public var capacity: Int
        public var ranksPerRun: Int
        /// How the runs are placed, for the sweep's first line.
        public var description: String
        public var make: (_ study: String, _ logDirectory: URL) throws -> any SweepWorkers

        public init(capacity: Int, ranksPerRun: Int, description: String, make: @escaping (_ study: String, _ logDirectory: URL) throws -> any SweepWorkers) {
            (self.capacity, self.ranksPerRun, self.description, self.make) = (capacity, ranksPerRun, description, make)
        }
    }

    public init(executable: URL, storePath: String, dataFolder: String?, parallel: Int?, threadsPerRun: Int?, version: String) {
        self.executable = executable
        self.storePath = storePath
        self.dataFolder = dataFolder
        self.parallel = parallel
        self.threadsPerRun = threadsPerRun
        self.version = version
    }

    /// Runs `specs` under `study`; returns the final rows.
    public func run(_ specs: [RunSpec], study: String, preferredParallel: Int? = nil,
                    earlyTermination: EarlyTermination? = nil) throws -> [SweepRow] {
        let parallel = ranks?.capacity ?? min(specs.count, parallel ?? preferredParallel ?? Engine.coreCount)
        let plan = SweepPlan(runs: specs, earlyTermination: earlyTermination, parallel: parallel,
                             threadsPerRun: threadsPerRun ?? max(1, Engine.coreCount / parallel))
        return try run(plan, study: study, resuming: false)
    }

    /// Continues the sweep kept in the store as `study`: ended runs stay, interrupted and failed
    /// ones resume, the others start; `parallel` and `threadsPerRun` override the plan's.
    public func resume(study: String) throws -> [SweepRow] {
        guard FileManager.default.fileExists(atPath: storePath),
              let json = try SQLiteRunStore(path: storePath).sweepPlan(study: study) else {
            throw SweepRunnerError("--resume \(study): \(storePath) keeps no sweep of that name (see `batchlab runs list`; "
                                   + "sweeps started before BatchLab kept their plans cannot be resumed)")
        }
        var plan = try SweepPlan(json: json)
        plan.parallel = ranks?.capacity ?? min(plan.runs.count, parallel ?? plan.parallel)
        plan.threadsPerRun = threadsPerRun ?? plan.threadsPerRun
        return try run(plan, study: study, resuming: true)
    }

    private func run(_ plan: SweepPlan, study: String, resuming: Bool) throws -> [SweepRow] {
        var plan = plan
        // The folder of runs that name none: --data, else the plan's (a resumed sweep keeps its own), else the default.
        let directory = DataDirectory.resolve(flag: dataFolder ?? plan.dataFolder)
        plan.dataFolder = directory.path
        _ = try CIFAR10.load(from: directory)  // Bad data fails here once, not in every run.
        let (specs, parallel, threads) = (plan.runs, plan.parallel, plan.threadsPerRun)
        let logs = Self.logDirectory(study: study, storePath: storePath)
        let workers: any SweepWorkers
        if let ranks {
            workers = try ranks.make(study, logs)
        } else {
            let processes = ProcessWorkers(executable: executable, storePath: storePath, study: study, parallel: parallel, logDirectory: logs)
            processes.resumedDataFolder = dataFolder
            workers = processes
        }
        let runner = SweepRunner(workers: workers, storePath: storePath, study: study, logDirectory: logs,
                                 dataFolder: directory.path, threads: ranks == nil ? threads : threadsPerRun)
        try Self.checkBeforeStarting(specs, runner: runner, ranksPerRun: ranks?.ranksPerRun ?? 1)
        if !resuming { try SQLiteRunStore(path: storePath).saveSweep(study: study, plan: plan.json, version: version) }
        let placement = ranks?.description ?? "\(parallel) at a time with \(threads) thread\(threads == 1 ? "" : "s") each"
        log("Study '\(study)'\(resuming ? " resumed" : ""): \(specs.count) runs, \(placement); store \(storePath), "
            + (ranks == nil ? "logs in \(logs.path)/" : "checkpoints in \(logs.path)/checkpoints/"))
        if let termination = plan.earlyTermination {
            log("Early termination: \(termination.kind.rawValue) on \(termination.metric) "
                + "(\(termination.mode == .max ? "higher" : "lower") is better), η = \(termination.eta), "
                + "first rung at epoch \(termination.minEpochs)")
        }
        do {
            return try runner.run(specs, earlyTermination: plan.earlyTermination, resuming: resuming, stopSignal: stopSignal,
                                  onUpdate: onUpdate)
        } catch let error as SweepRunnerError {
            throw SweepRunnerError("--resume \(study): \(error)")
        }
    }

    /// Where a study's run logs and checkpoints go: `logs/<study>` beside the store.
    public static func logDirectory(study: String, storePath: String) -> URL {
        URL(fileURLWithPath: storePath).deletingLastPathComponent().appendingPathComponent("logs").appendingPathComponent(SweepRunner.fileName(study))
    }

    /// Every run's configuration is validated here, so a bad value fails the sweep before any run
    /// starts, naming the run and the key; run names must be unique (they name logs and configurations).
    private static func checkBeforeStarting(_ specs: [RunSpec], runner: SweepRunner, ranksPerRun: Int) throws {
        var seen: Set<String> = []
        for spec in specs {
            guard seen.insert(SweepRunner.fileName(spec.name)).inserted else {
                throw SweepRunnerError("two runs are named '\(spec.name)' (or alike as file names); give each run its own name or values")
            }
            do {
                let configuration = runner.configuration(for: spec)
                try configuration.validate()
                try CIFAR10.checkFilesPresent(in: configuration.data.directory)
                guard configuration.batchSize.isMultiple(of: ranksPerRun) else {
                    throw ConfigurationError(key: "batch_size", "\(configuration.batchSize) is the global batch of \(ranksPerRun) ranks "
                                             + "(--ranks-per-run): it must be a multiple of \(ranksPerRun)")
                }
            } catch {
                throw SweepRunnerError("run '\(spec.name)': \(error)")
            }
        }
    }

    /// A study name not yet used in the store: `name`, else `name-2`, `name-3`…
    public func unusedStudyName(_ name: String) throws -> String {
        guard FileManager.default.fileExists(atPath: storePath) else { return name }
        let used = Set(try SQLiteRunStore(path: storePath).runs().compactMap(\.study))
        var candidate = name, index = 1
        while used.contains(candidate) {
            index += 1
            candidate = "\(name)-\(index)"
        }
        return candidate
    }
}
