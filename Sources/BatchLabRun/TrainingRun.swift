import BatchLabConfig
import BatchLabData
import BatchLabNN
import BatchLabTracking
import BatchLabTraining
import Foundation

/// One run, from its configuration to its recorded end: loads the data, builds the network,
/// optimizer and callbacks, records the run in the store, trains (or resumes from a checkpoint)
/// and records how it ended as its status. `train`, `noise-scale` and sweeps' child processes
/// run through it.
public struct TrainingRun {
    /// The validated configuration.
    public var configuration: RunConfiguration
    /// The run's name in the store; nil: model, lr and batch size.
    public var name: String?
    public var study: String?
    /// The BatchLab version recorded with the run.
    public var version: String
    /// After recording each of these epochs, wait for `verdict(runID, epoch)` (`--wait-at-epochs`,
    /// a sweep's rungs); there is no wait after the last epoch. Data-parallel, every rank waits and
    /// every rank must get the same verdict.
    public var gateEpochs: Set<Int> = []
    public var verdict: (_ runID: Int64, _ epoch: Int) -> EpochGate.Verdict = { _, _ in .interrupt }
    /// Where verdicts come from, for the message of a run that got none.
    public var verdictSource = "on standard input (--wait-at-epochs)"
    /// Ctrl-C: stop after the current step.
    public var stop: StopSignal
    /// The MPI ranks that train this run data-parallel, and the host of each; nil in one process.
    /// Only rank 0 records to the store, writes checkpoints and metrics, and prints.
    public var dataParallel: (collective: any Collective, hosts: [String])?
    /// Callbacks besides those of the configuration (the noise-scale monitor), made once the
    /// network and the training set exist; they run before the recorder.
    public var extraCallbacks: (Network, ImageDataset) throws -> [any Callback] = { _, _ in [] }
    /// How the extra callbacks are described in the run's recorded settings.
    public var extraSummaries: [String] = []
    /// Lines for the user: the run's start, lr reductions, how it ended.
    public var log: (String) -> Void = { print($0) }
    /// Warnings, one line each.
    public var warn: (String) -> Void = { FileHandle.standardError.write(Data("Warning: \($0)\n".utf8)) }

    public init(configuration: RunConfiguration, name: String? = nil, study: String? = nil, version: String, stop: StopSignal) {
        (self.configuration, self.name, self.study, self.version, self.stop) = (configuration, name, study, version, stop)
    }

    /// How the run ended, its id, and its callbacks as they were at the end.
    public struct Result {
        public var runID: Int64
        public var outcome: Trainer.Outcome
        public var callbacks: [any Callback]
    }

    /// True on the rank that records, checkpoints and prints (the only process without MPI).
    public var isLeader: Bool { (dataParallel?.collective.rank ?? 0) == 0 }

    /// Records a new run and trains it. `store` is nil only on data-parallel ranks other than 0.
    public func start(store: (any RunJournal)?) throws -> Result {
        try train(store: store, resuming: nil)
    }

    /// Continues `record` (interrupted or failed) from its last checkpoint, or from its seed when
    /// it stopped before the first; epochs the store holds beyond the checkpoint are trained again.
    /// Data-parallel, every rank reads the checkpoint; only rank 0 writes to `store`.
    public func resume(_ record: RunRecord, store: (any RunJournal)?) throws -> Result {
        try train(store: store, resuming: (record.id, record.name))
    }

    /// A run to resume, as its store knows it.
    typealias Resumed = (id: Int64, name: String)

    /// Continues run `runID` (`name`) of `store`, which the caller has checked is resumable
    /// (`resumable(_:in:)`); for a store on another rank.
    public func resume(runID: Int64, name: String, store: (any RunJournal)?) throws -> Result {
        try train(store: store, resuming: (runID, name))
    }

    private func train(store: (any RunJournal)?, resuming: Resumed?) throws -> Result {
        precondition(!isLeader || store != nil, "the leading rank records the run")
        let store = isLeader ? store : nil
        var configuration = self.configuration
        try configuration.validate()
        // A target accuracy selects the moment training stops: on held-out training images, not
        // the test set (a resumed run keeps the split it was recorded with).
        if resuming == nil, configuration.callbacks.targetAccuracy != nil, configuration.data.validationSplit == nil {
            configuration.data = configuration.data.heldOutForSelection()
            log("Validating on \(DataSettings.validationSource(split: configuration.data.validationSplit)): "
                + "the target accuracy is judged there (--validation-split sets the fraction)")
        }
        if let folder = configuration.callbacks.checkpointDir {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), !isFolder.boolValue {
                throw ConfigurationError(key: "callbacks.checkpoint_dir", "\(folder) is a file; it must name a folder")
            }
        }
        let (train, validation) = try configuration.data.load()
        guard configuration.batchSize <= train.count else {
            throw ConfigurationError(key: "batch_size", "\(configuration.batchSize) is larger than the \(train.count.formatted()) training images")
        }
        let trainer = try configuration.makeTrainer()
        trainer.collective = dataParallel?.collective
        if let group = dataParallel?.collective, !configuration.batchSize.isMultiple(of: group.size) {
            throw ConfigurationError(key: "batch_size", "\(configuration.batchSize) is the global batch: it must be a multiple of the "
                                     + "\(group.size) MPI ranks, each computing batch_size / ranks examples per step")
        }
        // What the store keeps makes the run repeat: the folders and thread count it used.
        configuration.threads = trainer.network.engine.threads
        configuration.data.folder = configuration.data.directory.standardizedFileURL.path
        configuration.callbacks.checkpointDir = configuration.callbacks.checkpointDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        var callbacks = try self.callbacks(configuration, trainer: trainer, train: train, validation: validation)

        // Only the leader knows a new run's id; the others need none (they write nothing).
        let runID = try resuming?.id ?? store?.createRun(NewRun(
            name: name ?? "\(configuration.model.name) lr=\(configuration.learningRate) batch=\(configuration.batchSize)", study: study,
            config: RunConfig(recording: configuration, callbacks: callbacks.compactMap(Self.summary) + extraSummaries),
            configuration: configuration, version: version)) ?? 0
        if let store {
            callbacks.append(RunRecorder(store: store, runID: runID, stepInterval: configuration.logging.logEverySteps) { [warn] error in
                warn("could not record to \(store.location): \(error)")
            })
        }
        if !gateEpochs.isEmpty {
            // After the recorder: the epoch is in the store before the run waits.
            callbacks.append(EpochGate(epochs: gateEpochs) { [verdict] in verdict(runID, $0) })
        }
        let checkpoint = configuration.callbacks.checkpointDir.map {
            ModelCheckpoint(directory: URL(fileURLWithPath: $0).appendingPathComponent("run-\(runID)"))
        }
        var initialEpoch = 0
        if let resuming {
            initialEpoch = try restore(resuming, trainer: trainer, trainingExamples: train.count, checkpoint: checkpoint,
                                       callbacks: &callbacks, store: store)
        }
        // A resumed run records the ranks it trains on now.
        if let store, dataParallel != nil || resuming != nil {
            do {
                try store.setRanks(runID: runID, hosts: dataParallel?.hosts ?? [ProcessInfo.processInfo.hostName])
            } catch {
                try? store.setStatus(runID: runID, .failed, message: "\(error)")
                throw error
            }
        }
        log("Run \(runID): \(configuration.model.name) on \(train.count.formatted()) images, validating on \(validation.count.formatted()); "
            + "batch \(configuration.batchSize), lr \(configuration.learningRate), \(configuration.optimizer.name.rawValue) "
            + "(" + configuration.optimizer.parameters.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
            + ", \(trainer.network.engine.threads) threads"
            + (dataParallel.map { " on each of \($0.collective.size) MPI ranks (\(Set($0.hosts).sorted().joined(separator: ", ")))" } ?? ""))
        let outcome: Trainer.Outcome
        do {
            outcome = try trainer.fit(train, validation: validation, epochs: configuration.epochs, initialEpoch: initialEpoch,
                                      batchSize: configuration.batchSize, callbacks: &callbacks,
                                      checkpoint: isLeader ? checkpoint : nil, stop: stop).outcome
        } catch let error as CollectiveError {
            // A rank is gone: the run did not fail, its job ended (Open MPI ends the other ranks too).
            try? store?.setStatus(runID: runID, .interrupted, message: "\(error)")
            throw error
        } catch {
            try? store?.setStatus(runID: runID, .failed, message: "\(error)")
            throw error
        }
        if let store { try record(outcome, runID: runID, store: store) }
        return Result(runID: runID, outcome: outcome, callbacks: callbacks)
    }

    /// The configuration's callbacks, in the order they run: progress, schedule, plateau and
    /// early stopping, divergence, target accuracy, metrics file, then the extra ones.
    private func callbacks(_ configuration: RunConfiguration, trainer: Trainer, train: ImageDataset,
                           validation: ImageDataset) throws -> [any Callback] {
        // Every rank runs the callbacks that decide (schedules, plateau, stopping: the same logs give
        // the same decisions); only the leader those that print or write.
        var callbacks: [any Callback] = isLeader ? [ProgressBar()] : []
        let stepsPerEpoch = (train.count + configuration.batchSize - 1) / configuration.batchSize
        if let schedule = configuration.schedule.schedule(learningRate: configuration.learningRate,
                                                          warmupStart: configuration.warmupStartLearningRate,
                                                          stepsPerEpoch: stepsPerEpoch, epochs: configuration.epochs) {
            callbacks.append(LearningRateScheduler(schedule, lastStep: configuration.schedule.lastStep(stepsPerEpoch: stepsPerEpoch)))
        }
        callbacks += configuration.callbacks.plateauAndStopping(restoring: trainer.network, onMessage: log)
        callbacks.append(TerminateOnDivergence(classes: trainer.network.outputShape[0]))
        if let target = configuration.callbacks.targetAccuracy {
            let sample = validation.subset(0..<min(validation.count, target.evalImages))
            // Evaluated at the training batch size: validation's own plan, no extra memory.
            // `validate()` has checked that a target is given.
            callbacks.append(TargetAccuracy(target: target.target!, interval: target.evalEveryImages) { [batchSize = configuration.batchSize] in
                (try? trainer.evaluate(sample, batchSize: batchSize).accuracy) ?? .nan
            })
        }
        if isLeader, let metricsOut = configuration.logging.metricsOut {
            do {
                callbacks.append(try MetricsWriter(url: URL(fileURLWithPath: metricsOut)))
            } catch {
                throw ConfigurationError(key: "logging.metrics_out", "\(metricsOut) cannot be opened for writing")
            }
        }
        if isLeader, let directory = configuration.callbacks.checkpointDir {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ConfigurationError(key: "callbacks.checkpoint_dir", "\(directory) cannot be created: \(error.localizedDescription)")
            }
        }
        return callbacks + (try extraCallbacks(trainer.network, train))
    }

    /// The outcome as the run's status, with a line for the user.
    private func record(_ outcome: Trainer.Outcome, runID: Int64, store: any RunJournal) throws {
        switch outcome {
        case .finished:
            try store.setStatus(runID: runID, .finished, message: nil)
        case .finishedEarly(let reason):
            try store.setStatus(runID: runID, .finished, message: reason)
            log(reason)
        case .diverged(let reason):
            try store.setStatus(runID: runID, .diverged, message: reason)
            log("Diverged: \(reason). Run \(runID) is recorded as diverged.")
        case .stoppedEarly(let reason):
            try store.setStatus(runID: runID, .stoppedEarly, message: reason)
            log("Stopped early: \(reason)")
        case .interrupted:
            try store.setStatus(runID: runID, .interrupted,
                                message: stop.received.map { "stopped by \(StopSignal.name(of: $0))" }
                                    ?? "no verdict came \(verdictSource)")
            log("\nInterrupted; run \(runID) keeps its completed epochs.")
        }
    }

    /// A callback's settings for the recorded summary; nil for those that only report.
    private static func summary(_ callback: any Callback) -> String? {
        switch callback {
        case let plateau as ReduceLROnPlateau: plateau.summary
        case let stopping as EarlyStopping: stopping.summary
        case let divergence as TerminateOnDivergence: divergence.summary
        case let target as TargetAccuracy: target.summary
        default: nil
        }
    }
}

/// A run that cannot start or go on, said in one line.
public struct RunError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
