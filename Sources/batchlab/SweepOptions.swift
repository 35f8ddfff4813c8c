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

    /// Runs `specs` under `study`, drawing the live table; returns the final rows.
    func run(_ specs: [RunSpec], study: String, preferredParallel: Int? = nil,
             earlyTermination: EarlyTermination? = nil) throws -> [SweepRow] {
        let directory = DataDirectory.resolve(flag: data)
        _ = try CIFAR10.load(from: directory)  // Bad data fails here once, not in every run.

        let parallel = min(specs.count, parallel ?? preferredParallel ?? Engine.coreCount)
        let threads = threadsPerRun ?? max(1, Engine.coreCount / parallel)
        let logs = URL(fileURLWithPath: storePath).deletingLastPathComponent()
            .appendingPathComponent("logs").appendingPathComponent(SweepRunner.fileName(study))
        let runner = SweepRunner(executable: Self.executable, storePath: storePath, study: study, parallel: parallel,
                                 logDirectory: logs, commonArguments: ["--data", directory.path, "--threads", "\(threads)"])
        try checkBeforeStarting(specs, runner: runner)
        print("Study '\(study)': \(specs.count) runs, \(parallel) at a time with \(threads) thread\(threads == 1 ? "" : "s") each; "
              + "store \(storePath), logs in \(logs.path)/")
        let stop = StopSignal()
        var table = SweepTable()
        if let earlyTermination {
            print("Early termination: \(earlyTermination.kind.rawValue) on \(earlyTermination.metric) "
                  + "(\(earlyTermination.mode == .max ? "higher" : "lower") is better), η = \(earlyTermination.eta), "
                  + "first rung at epoch \(earlyTermination.minEpochs)")
        }
        return try runner.run(specs, earlyTermination: earlyTermination, shouldStop: { stop.isRequested }) { table.update($0) }
    }

    /// Every run's arguments go through `batchlab train`'s own checks here, so a bad value fails
    /// the sweep before any run starts, naming the run; run names must be unique (they name logs).
    private func checkBeforeStarting(_ specs: [RunSpec], runner: SweepRunner) throws {
        var seen: Set<String> = []
        for spec in specs {
            guard seen.insert(spec.name).inserted else {
                throw CommandError("two runs are named '\(spec.name)'; give each run its own name or values")
            }
            do {
                _ = try Train.parse(Array(runner.arguments(for: spec).dropFirst()))
            } catch {
                throw CommandError("run '\(spec.name)': \(Train.message(for: error))")
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
