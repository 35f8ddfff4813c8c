import ArgumentParser
import BatchLabCore
import BatchLabData
import BatchLabExperiments
import BatchLabTracking
import BatchLabTraining
import Foundation

/// How sweep and study runs are executed: processes, threads, data, store.
struct SweepOptions: ParsableArguments {
    @Option(help: "Runs at once, each in its own process (default: one per core, at most the number of runs).") var parallel: Int?
    @Option(help: "Threads per run (default: cores / --parallel).") var threadsPerRun: Int?
    @Option(help: "CIFAR-10 binary folder (default: $BATCHLAB_DATA, else ~/.cache/batchlab/cifar-10-batches-bin).") var data: String?
    @OptionGroup var store: StoreOption

    func validate() throws {
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be ≥ 1 (got \(parallel))") }
        if let threadsPerRun, threadsPerRun < 1 { throw ValidationError("--threads-per-run must be ≥ 1 (got \(threadsPerRun))") }
    }

    var storePath: String { store.path }

    /// Runs `specs` under `study`, drawing the live table; returns the final rows. The plan is
    /// kept in the store first, for `sweep --resume`.
    func run(_ specs: [RunSpec], study: String, preferredParallel: Int? = nil,
             earlyTermination: EarlyTermination? = nil) throws -> [SweepRow] {
        let parallel = min(specs.count, parallel ?? preferredParallel ?? Engine.coreCount)
        let plan = SweepPlan(runs: specs, earlyTermination: earlyTermination, parallel: parallel,
                             threadsPerRun: threadsPerRun ?? max(1, Engine.coreCount / parallel))
        return try run(plan, study: study, resuming: false)
    }

    /// Continues the sweep kept in the store as `study`: ended runs stay, interrupted and failed
    /// ones resume, the others start; --parallel and --threads-per-run override the plan's.
    func resume(study: String) throws -> [SweepRow] {
        let store = try self.store.openExisting()
        guard let json = try store.sweepPlan(study: study) else {
            throw CommandError("--resume \(study): \(storePath) keeps no sweep of that name (see `batchlab runs list`; "
                               + "sweeps started before BatchLab kept their plans cannot be resumed)")
        }
        var plan = try SweepPlan(json: json)
        plan.parallel = min(plan.runs.count, parallel ?? plan.parallel)
        plan.threadsPerRun = threadsPerRun ?? plan.threadsPerRun
        return try run(plan, study: study, resuming: true)
    }

    private func run(_ plan: SweepPlan, study: String, resuming: Bool) throws -> [SweepRow] {
        let directory = DataDirectory.resolve(flag: data)
        _ = try CIFAR10.load(from: directory)  // Bad data fails here once, not in every run.
        let (specs, parallel, threads, earlyTermination) = (plan.runs, plan.parallel, plan.threadsPerRun, plan.earlyTermination)
        let logs = URL(fileURLWithPath: storePath).deletingLastPathComponent()
            .appendingPathComponent("logs").appendingPathComponent(SweepRunner.fileName(study))
        let runner = SweepRunner(executable: Self.executable, storePath: storePath, study: study, parallel: parallel,
                                 logDirectory: logs, dataFolder: directory.path, threads: threads)
        try checkBeforeStarting(specs, runner: runner)
        if !resuming { try SQLiteRunStore(path: storePath).saveSweep(study: study, plan: plan.json, version: BatchLab.version) }
        print("Study '\(study)'\(resuming ? " resumed" : ""): \(specs.count) runs, \(parallel) at a time with \(threads) "
              + "thread\(threads == 1 ? "" : "s") each; store \(storePath), logs in \(logs.path)/")
        let stop = StopSignal()
        var table = SweepTable()
        if let earlyTermination {
            print("Early termination: \(earlyTermination.kind.rawValue) on \(earlyTermination.metric) "
                  + "(\(earlyTermination.mode == .max ? "higher" : "lower") is better), η = \(earlyTermination.eta), "
                  + "first rung at epoch \(earlyTermination.minEpochs)")
        }
        do {
            return try runner.run(specs, earlyTermination: earlyTermination, resuming: resuming,
                                  shouldStop: { stop.isRequested }) { table.update($0) }
        } catch let error as SweepRunnerError {
            throw CommandError("--resume \(study): \(error)")
        }
    }

    /// Every run's configuration is validated here, so a bad value fails the sweep before any run
    /// starts, naming the run and the key; run names must be unique (they name logs and configurations).
    private func checkBeforeStarting(_ specs: [RunSpec], runner: SweepRunner) throws {
        var seen: Set<String> = []
        for spec in specs {
            guard seen.insert(SweepRunner.fileName(spec.name)).inserted else {
                throw CommandError("two runs are named '\(spec.name)' (or alike as file names); give each run its own name or values")
            }
            do {
                try runner.configuration(for: spec).validate()
            } catch {
                throw CommandError("run '\(spec.name)': \(error)")
            }
        }
    }

    /// A study name not yet used in the store: `name`, else `name-2`, `name-3`…
    func unusedStudyName(_ name: String) throws -> String {
        guard FileManager.default.fileExists(atPath: storePath) else { return name }
        let used = Set(try SQLiteRunStore(path: storePath).runs().compactMap(\.study))
        var candidate = name, index = 1
        while used.contains(candidate) {
            index += 1
            candidate = "\(name)-\(index)"
        }
        return candidate
    }

    /// This program, to start the runs with.
    static var executable: URL {
        Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    }
}
