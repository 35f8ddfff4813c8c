import ArgumentParser
import BatchLabConfig
import BatchLabDistributed
import BatchLabExperiments
import BatchLabRun
import BatchLabTracking
import BatchLabTraining

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model on CIFAR-10 with Keras-style output, recording the run in the store.",
        discussion: """
            Settings come from the defaults, then --config FILE (YAML or JSON, the keys --print-config shows), then the \
            flags given, each overriding the one before.
            """)

    @Option(help: ArgumentHelp("Read the run's settings from this YAML or JSON file; flags override its keys.", valueName: "file"))
    var config: String?
    @Flag(help: "Print the effective configuration (defaults, --config and flags) as YAML and exit.") var printConfig = false
    @OptionGroup(title: "Training") var training: TrainingOptions
    @OptionGroup(title: "Learning-rate scaling") var scaling: ScalingOptions
    @OptionGroup(title: "Callbacks and schedules") var callbackOptions: CallbackOptions
    @OptionGroup(title: "Steps to a target accuracy") var target: TargetOptions
    @OptionGroup(title: "Tracking") var tracking: TrackingOptions

    /// The flags laid over `base`, else over the --config file, else over the defaults. The file
    /// is read once per command (it may be a pipe: `--config <(…)`), so this is called once.
    func overrides(over base: RunConfiguration? = nil) throws -> FlagOverrides {
        var overrides: FlagOverrides
        do {
            overrides = FlagOverrides(try base ?? config.map(ConfigurationFile.load) ?? RunConfiguration())
        } catch {
            throw CommandError("--config \(error)")
        }
        training.apply(to: &overrides)
        scaling.apply(to: &overrides)
        try callbackOptions.apply(to: &overrides)
        try target.apply(to: &overrides)
        tracking.apply(to: &overrides)
        return overrides
    }

    func run() throws {
        // Under mpirun (or srun), every rank runs this command and trains the run data-parallel.
        guard let world = try MPIWorld.joinIfLaunched() else { return try run(in: nil) }
        try world.running { try run(in: world) }
    }

    /// A new run, or `--resume`, in one process (`world` nil) or on the ranks of `world`.
    private func run(in world: MPIWorld?) throws {
        if let runID = tracking.resume { return try resume(runID, in: world) }
        let overrides = try overrides()
        let configuration = try overrides.validated()
        if printConfig {
            if world?.rank ?? 0 == 0 { print(ConfigurationFile.yaml(configuration), terminator: "") }
            return
        }
        // Only rank 0 touches the store: the others need not see it.
        let store = world?.rank ?? 0 == 0 ? try tracking.store.openOrCreate() : nil
        try train(configuration, overrides: overrides, in: world, store: store) { try $0.start(store: store) }
    }

    /// Continues run `runID` from its last checkpoint with the settings it was started with.
    private func resume(_ runID: Int64, in world: MPIWorld?) throws {
        let given = Set(try overrides(over: RunConfiguration()).flags.keys).subtracting(["data.folder", "logging.metrics_out"])
        guard config == nil, !printConfig, given.isEmpty else {
            throw CommandError("--resume \(runID) continues the run with its own settings; give only --store, --data, --metrics-out or --wait-at-epochs with it")
        }
        let leader = world?.rank ?? 0 == 0
        // Rank 0 checks and reopens the run; the others only read its settings (the store and the
        // checkpoints must be where every rank sees them: one host, or a shared filesystem).
        // Rank 0 opens (and may migrate) the store before the others read it.
        let leaderStore = leader ? try tracking.store.openOrCreate() : nil
        try world?.barrier()
        let store = try leaderStore ?? tracking.store.openExisting(readOnly: true)
        do {
            guard let record = leader ? try TrainingRun.resumable(runID, in: store) : try store.run(id: runID) else {
                throw RunError("no such run in \(store.path)")
            }
            var configuration = try record.configuration ?? Self.recordedFlags(of: record)
            configuration.data.folder = training.data.data ?? configuration.data.folder
            configuration.logging.metricsOut = tracking.metricsOut ?? configuration.logging.metricsOut
            try train(configuration, overrides: try overrides(over: configuration), in: world, store: store) {
                try $0.resume(record, store: leader ? store : nil)
            }
        } catch let error as RunError {
            throw CommandError("--resume \(runID): \(error)")
        }
    }

    /// A run recorded before the store kept configurations: the `train` flags it recorded, with the
    /// thread count, data folder and checkpoint folder it used.
    static func recordedFlags(of record: RunRecord) throws -> RunConfiguration {
        var overrides = try Train.parse(record.config.arguments).overrides(over: RunConfiguration())
        // Those flags scaled Float rates: the same numbers.
        overrides.configuration.optimizer.lr = Double(Float(overrides.configuration.requestedLearningRate))
        overrides.configuration.lrScaling.baseLR = overrides.configuration.lrScaling.baseLR.map { Double(Float($0)) }
        var configuration = try overrides.validated()
        configuration.threads = record.config.threads
        configuration.data.folder = record.config.dataDirectory
        configuration.callbacks.checkpointDir = record.config.checkpointDirectory
        return configuration
    }

    /// Runs `configuration` through `start` (a new run or a resumed one); errors name flags.
    private func train(_ configuration: RunConfiguration, overrides: FlagOverrides, in world: MPIWorld?, store: SQLiteRunStore?,
                       _ start: (TrainingRun) throws -> TrainingRun.Result) throws {
        var configuration = configuration
        // The ranks on one host share its cores, unless --threads says otherwise.
        if let world, configuration.threads == nil {
            configuration.threads = max(1, ProcessInfo.processInfo.activeProcessorCount / world.localSize)
        }
        let stop = StopSignal()
        // A run a sweep started stops when the sweep ends, even killed.
        if let sweep = ProcessInfo.processInfo.environment[ProcessWorkers.parentVariable].flatMap(Int32.init) {
            stop.stopWhenParentEnds(sweep)
        }
        var run = TrainingRun(configuration: configuration, name: tracking.name, study: tracking.study, version: BatchLab.version,
                              stop: stop)
        if let world {
            run.dataParallel = (world.communicator, try world.communicator.hostNames())
            if world.rank != 0 { run.log = { _ in } }
        }
        run.gateEpochs = try tracking.gateEpochs()
        if world != nil, !run.gateEpochs.isEmpty {
            throw CommandError("--wait-at-epochs is for runs a sweep starts; it does not run on several MPI ranks")
        }
        if let late = run.gateEpochs.filter({ $0 >= configuration.epochs }).min() {
            throw CommandError("--wait-at-epochs \(late): a run waits only before its last epoch (\(configuration.epochs)); give epochs below it")
        }
        let reader = VerdictReader(stop: stop)
        run.verdict = { [warn = run.warn] runID, epoch in
            // Whoever answers reads the epoch from the store: one the store could not take gets no verdict.
            guard let store, (try? store.epochs(runID: runID).contains { $0["epoch"] == Double(epoch) }) == true else {
                warn("epoch \(epoch) is not in \(store?.path ?? "the store"), so no verdict can come (--wait-at-epochs); stopping")
                return .interrupt
            }
            return reader.verdict(epoch: epoch)
        }
        let result = try overrides.naming { try start(run) }
        if case .interrupted = result.outcome { throw ExitCode(130) }
    }
}
import Foundation
