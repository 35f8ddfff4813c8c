import ArgumentParser
import BatchLabCore
import BatchLabData
import BatchLabNN
import BatchLabTracking
import BatchLabTraining
import Foundation

/// One `batchlab train` run: builds data, network, optimizer and callbacks from the flags,
/// records the run, trains, and sets the run's final status.
struct TrainingSession {
    let command: Train
    /// The training flags, recorded so `--resume` can rebuild the run.
    let arguments: [String]

    private var training: TrainingOptions { command.training }

    func run(store: SQLiteRunStore, resuming: RunRecord?) throws {
        let gateEpochs = try command.tracking.gateEpochs()
        if let late = gateEpochs.filter({ $0 >= training.epochs }).min() {
            throw CommandError("--wait-at-epochs \(late): a run waits only before its last epoch (\(training.epochs)); give epochs below it")
        }
        let directory = DataDirectory.resolve(flag: training.data)
        let (train, validation) = try training.splitData(try CIFAR10.load(from: directory))
        let engine = try Engine(threads: training.threads)
        let network = try Network(Models.named(training.model)!, inputShape: CIFAR10.imageShape, engine: engine, seed: training.seed)
        let rates = command.scaling.learningRates(lr: training.lr, batchSize: training.batchSize)
        let stepsPerEpoch = (train.count + training.batchSize - 1) / training.batchSize
        guard training.batchSize <= train.count else {
            throw CommandError("--batch-size \(training.batchSize) is larger than the \(train.count.formatted()) training images")
        }
        if let base = command.tracking.checkpointDir {
            do {
                try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
            } catch {
                throw CommandError("--checkpoint-dir \(base) cannot be created: \(error.localizedDescription)")
            }
        }

        var callbacks: [any Callback] = [ProgressBar()]
        let options = command.callbackOptions
        let warmupStart = command.scaling.scaleLr == .none ? 0 : rates.requested
        if let schedule = options.learningRateSchedule(learningRate: rates.effective, warmupStart: warmupStart,
                                                        stepsPerEpoch: stepsPerEpoch, epochs: training.epochs) {
            let lastStep = options.schedule == nil ? options.warmupEpochs * stepsPerEpoch : nil
            callbacks.append(LearningRateScheduler(schedule, lastStep: lastStep))
        }
        callbacks += options.callbacks(restoring: network) { print($0) }
        callbacks.append(TerminateOnDivergence(classes: network.outputShape[0]))
        let trainer = Trainer(network: network, optimizer: training.makeOptimizer(learningRate: rates.effective, threads: engine.threads),
                              seed: training.seed)
        if let target = command.target.targetAccuracy {
            let sample = validation.subset(0..<min(validation.count, command.target.evalImages ?? 2000))
            // Evaluated at the training batch size: validation's own plan, no extra memory.
            callbacks.append(TargetAccuracy(target: target, interval: command.target.evalEveryImages ?? 5000) { [batchSize = training.batchSize] in
                (try? trainer.evaluate(sample, batchSize: batchSize).accuracy) ?? .nan
            })
        }
        if let metricsOut = command.tracking.metricsOut {
            do {
                callbacks.append(try MetricsWriter(url: URL(fileURLWithPath: metricsOut)))
            } catch {
                throw CommandError("--metrics-out \(metricsOut) cannot be opened for writing")
            }
        }

        let runID = try resuming?.id ?? store.createRun(NewRun(
            name: command.tracking.name ?? "\(training.model) lr=\(rates.effective) batch=\(training.batchSize)",
            study: command.tracking.study,
            config: config(rates: rates, threads: engine.threads, directory: directory,
                           callbacks: callbacks.compactMap(Self.summary)),
            version: BatchLab.version))
        callbacks.append(RunRecorder(store: store, runID: runID, stepInterval: command.tracking.logEverySteps) { error in
            FileHandle.standardError.write(Data("Warning: could not record to \(store.path): \(error)\n".utf8))
        })
        let stop = StopSignal()
        if !gateEpochs.isEmpty {
            // After the recorder: the epoch is in the store before the run waits. An epoch the store
            // could not take can get no verdict from whoever reads the store: the run stops there.
            let reader = VerdictReader(stop: stop)
            callbacks.append(EpochGate(epochs: gateEpochs) { epoch in
                guard (try? store.epochs(runID: runID).contains { $0["epoch"] == Double(epoch) }) == true else {
                    FileHandle.standardError.write(Data(
                        "Warning: epoch \(epoch) is not in \(store.path), so no verdict can come (--wait-at-epochs); stopping\n".utf8))
                    return .interrupt
                }
                return reader.verdict(epoch: epoch)
            })
        }
        let checkpoint = checkpointDirectory(runID: runID, resuming: resuming).map { ModelCheckpoint(directory: $0) }
        var initialEpoch = 0
        if let resuming, let directory = checkpoint?.directory {
            // A run killed before its first checkpoint was written starts again from its seed: the
            // same numbers. Epochs the store holds beyond the checkpoint are trained again and replaced.
            if TrainingCheckpoint.exists(in: directory) {
                let saved = try TrainingCheckpoint.load(from: directory)
                try saved.restore(into: trainer, batchSize: training.batchSize, callbacks: &callbacks)
                checkpoint?.resume(best: saved.metadata.best)
                initialEpoch = saved.metadata.epoch
            }
            guard initialEpoch < training.epochs else {
                throw CommandError("--resume \(resuming.id): the checkpoint is of the last epoch (\(initialEpoch)); nothing to train")
            }
            do {
                try store.resume(runID: runID, afterEpoch: initialEpoch, pid: ProcessInfo.processInfo.processIdentifier)
            } catch let error as StoreError {
                throw CommandError("--resume \(runID): \(error)")
            }
            print(initialEpoch == 0 ? "Restarting run \(runID) (\(resuming.name)) from its seed: it stopped before its first checkpoint"
                  : "Resuming run \(runID) (\(resuming.name)) after epoch \(initialEpoch) of \(training.epochs)")
        }
        print("Run \(runID): \(training.model) on \(train.count.formatted()) images, validating on \(validation.count.formatted()); "
              + "batch \(training.batchSize), lr \(rates.effective), \(training.optimizer.rawValue), \(engine.threads) threads")
        try fit(trainer, train: train, validation: validation, initialEpoch: initialEpoch, callbacks: &callbacks,
                checkpoint: checkpoint, stop: stop, store: store, runID: runID)
    }

    private func fit(_ trainer: Trainer, train: ImageDataset, validation: ImageDataset, initialEpoch: Int,
                     callbacks: inout [any Callback], checkpoint: ModelCheckpoint?, stop: StopSignal,
                     store: SQLiteRunStore, runID: Int64) throws {
        let outcome: Trainer.Outcome
        do {
            outcome = try trainer.fit(train, validation: validation, epochs: training.epochs, initialEpoch: initialEpoch,
                                      batchSize: training.batchSize, callbacks: &callbacks, checkpoint: checkpoint,
                                      stop: stop).outcome
        } catch {
            try? store.setStatus(runID: runID, .failed, message: "\(error)")
            throw error
        }
        switch outcome {
        case .finished:
            try store.setStatus(runID: runID, .finished, message: nil)
        case .finishedEarly(let reason):
            try store.setStatus(runID: runID, .finished, message: reason)
            print(reason)
        case .diverged(let reason):
            try store.setStatus(runID: runID, .diverged, message: reason)
            print("Diverged: \(reason). Run \(runID) is recorded as diverged.")
        case .stoppedEarly(let reason):
            try store.setStatus(runID: runID, .stoppedEarly, message: reason)
            print("Stopped early: \(reason)")
        case .interrupted:
            try store.setStatus(runID: runID, .interrupted,
                                message: stop.isRequested ? "stopped by Ctrl-C" : "no verdict came on standard input (--wait-at-epochs)")
            print("\nInterrupted; run \(runID) keeps its completed epochs.")
            throw ExitCode(130)
        }
    }

    private func checkpointDirectory(runID: Int64, resuming: RunRecord?) -> URL? {
        let base = resuming?.config.checkpointDirectory ?? command.tracking.checkpointDir
        return base.map { URL(fileURLWithPath: $0).standardizedFileURL.appendingPathComponent("run-\(runID)") }
    }

    /// A callback's settings for the run's config; nil for those that only report.
    private static func summary(_ callback: any Callback) -> String? {
        switch callback {
        case let plateau as ReduceLROnPlateau: plateau.summary
        case let stopping as EarlyStopping: stopping.summary
        case let divergence as TerminateOnDivergence: divergence.summary
        case let target as TargetAccuracy: target.summary
        default: nil
        }
    }

    private func config(rates: (requested: Float, effective: Float), threads: Int, directory: URL,
                        callbacks descriptions: [String]) -> RunConfig {
        let options = command.callbackOptions
        return RunConfig(
            model: training.model, optimizer: training.optimizer.rawValue, optimizerParameters: training.optimizerParameters,
            requestedLearningRate: Double("\(rates.requested)")!, learningRate: Double("\(rates.effective)")!,
            scaleLR: command.scaling.scaleLr.rawValue, baseBatchSize: command.scaling.baseBatchSize,
            batchSize: training.batchSize, epochs: training.epochs, seed: training.seed, threads: threads,
            dataDirectory: directory.standardizedFileURL.path, subset: training.subset, validationSplit: training.validationSplit,
            preprocessing: training.preprocessing.rawValue, schedule: options.schedule?.rawValue, warmupEpochs: options.warmupEpochs,
            callbacks: descriptions,
            // The directory this run's checkpoints go to is known once it has an id; the store keeps the base.
            checkpointDirectory: command.tracking.checkpointDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
            targetAccuracy: command.target.targetAccuracy, arguments: arguments)
    }
}
