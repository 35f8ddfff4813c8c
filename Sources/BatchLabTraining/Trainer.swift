import BatchLabCore
import BatchLabData
import BatchLabNN
import BatchLabOptim
import Foundation

/// The fit loop, Keras's `model.fit`: shuffled mini-batches, forward, categorical cross-entropy,
/// backward, optimizer step; after each epoch, validation and callbacks.
///
/// Keras's `TerminateOnNaN` is built in rather than a callback: a step whose loss or gradients
/// are not finite is not applied, and `fit` ends `diverged`, naming the step, after that step's
/// callbacks. Weights that are not finite after an epoch end it the same way, and neither case
/// writes a checkpoint, so the last checkpoint holds finite weights.
///
/// Deterministic: with the same seed and thread count, the shuffles, dropout masks and so every
/// number repeat exactly.
public final class Trainer {
    public let network: Network
    public var optimizer: any Optimizer
    public let loss = CategoricalCrossentropy()
    /// Where training stands between epochs: the step counter (which numbers dropout masks) and
    /// the shuffling generator. A checkpoint saves it; restoring it repeats the run exactly.
    public struct Progress: Codable, Equatable {
        /// Training steps taken so far, over all epochs.
        public var step: UInt64
        public var shuffle: SplitMix64
    }

    public var progress: Progress
    /// The learning rate the next step trains at. `fit` hands it to its `TrainingState`, where
    /// schedules and callbacks change it, and takes it back after each epoch (a checkpoint saves it).
    public var learningRate: Float

    public init(network: Network, optimizer: any Optimizer, learningRate: Float, seed: UInt64) {
        self.network = network
        self.optimizer = optimizer
        self.learningRate = learningRate
        progress = Progress(step: 0, shuffle: SplitMix64(seed: SplitMix64.derive(seed, 0x5AFF1E)))
    }

    /// What `fit` ended with.
    public enum Outcome: Equatable {
        case finished
        /// A callback ended training early, e.g. EarlyStopping.
        case finishedEarly(reason: String)
        /// A step's loss or gradients were not finite, or a callback saw the loss blow up.
        case diverged(reason: String)
        /// An outside judge stopped the run after an epoch (`StopRequest.stopEarly`).
        case stoppedEarly(reason: String)
        /// `stop` was requested (Ctrl-C; the epoch in progress was not logged), or a callback
        /// asked for `StopRequest.interrupt` after an epoch.
        case interrupted
    }

    /// Trains epochs `initialEpoch + 1 … epochs` (Keras's `initial_epoch`: a resumed run starts
    /// after its checkpoint's epoch), validating on `validation` after each when given, and saving
    /// `checkpoint` after each epoch's callbacks.
    public func fit(_ train: some Dataset, validation: (any Dataset)?, epochs: Int, initialEpoch: Int = 0, batchSize: Int,
                    callbacks: inout [any Callback], checkpoint: ModelCheckpoint? = nil,
                    stop: StopSignal? = nil) throws -> (outcome: Outcome, history: [EpochLogs]) {
        precondition(epochs >= 1 && batchSize >= 1 && train.count >= 1 && initialEpoch < epochs)
        var state = TrainingState(epochs: epochs, stepsPerEpoch: (train.count + batchSize - 1) / batchSize,
                                  batchSize: batchSize, learningRate: learningRate)
        var history: [EpochLogs] = []
        for index in callbacks.indices { callbacks[index].onTrainBegin(state: &state) }
        defer { for index in callbacks.indices { callbacks[index].onTrainEnd(state: &state) } }
        if stop?.isRequested == true || state.stopRequest == .interrupt { return (.interrupted, history) }
        for epoch in (initialEpoch + 1)...epochs {
            state.epoch = epoch
            for index in callbacks.indices { callbacks[index].onEpochBegin(state: &state) }
            let started = Date()
            guard let trained = try trainEpoch(train, batchSize: batchSize, callbacks: &callbacks, state: &state, stop: stop) else {
                return (.interrupted, history)
            }
            var logs = EpochLogs()
            logs["epoch"] = Double(epoch)
            // Training steps completed by the end of the epoch: the x of step-based charts.
            logs["step"] = Double(progress.step)
            logs["loss"] = trained.loss
            logs["accuracy"] = trained.accuracy
            if let validation {
                let measured = try evaluate(validation, batchSize: batchSize)
                logs["val_loss"] = measured.loss
                logs["val_accuracy"] = measured.accuracy
            }
            // The float's shortest decimal form, so 0.004 logs as 0.004 rather than 0.004000000189989805.
            logs["lr"] = Double("\(state.learningRate)")
            logs["seconds"] = Date().timeIntervalSince(started)
            logs["images_per_second"] = Double(trained.seen) / trained.stepSeconds
            logs["peak_rss_mb"] = ResourceUsage.peakResidentMegabytes()
            logs["tensor_memory_mb"] = Double(network.engine.peakTensorBytes) / 1_000_000
            // A stop requested during the steps (a divergence, a target reached) is what ends the run,
            // whatever epoch-end callbacks (EarlyStopping) then ask.
            let stopDuringSteps = state.stopRequest
            for index in callbacks.indices { callbacks[index].onEpochEnd(&logs, state: &state) }
            if let stopDuringSteps { state.stopRequest = stopDuringSteps }
            if state.stopRequest.map(\.isDivergence) != true, !network.parameters.allSatisfy(\.value.allFinite) {
                state.stopRequest = .diverged(reason: "the weights became non-finite during epoch \(epoch)")
            }
            learningRate = state.learningRate
            history.append(logs)
            if state.stopRequest.map(\.isDivergence) != true {
                try checkpoint?.save(epoch: epoch, logs: logs, trainer: self, callbacks: callbacks)
            }
            switch state.stopRequest {
            case .finishEarly(let reason)?: return (.finishedEarly(reason: reason), history)
            case .diverged(let reason)?: return (.diverged(reason: reason), history)
            case .stopEarly(let reason)?: return (.stoppedEarly(reason: reason), history)
            case .interrupt?: return (.interrupted, history)
            case nil: continue
            }
        }
        return (.finished, history)
    }

    /// One pass over `train` in a fresh shuffle; nil when interrupted.
    private func trainEpoch(_ train: some Dataset, batchSize: Int, callbacks: inout [any Callback],
                            state: inout TrainingState, stop: StopSignal?) throws -> (loss: Double, accuracy: Double, seen: Int, stepSeconds: Double)? {
        var order = Array(0..<train.count)
        order.shuffle(using: &progress.shuffle)
        var (lossSum, correct, seen, stepSeconds) = (0.0, 0, 0, 0.0)
        let classes = network.outputShape[0]
        // One buffer for every batch: `fill` rewrites the rows a batch uses, the loss reads only those.
        var targets = [Float](repeating: 0, count: batchSize * classes)
        for (batch, start) in stride(from: 0, to: order.count, by: batchSize).enumerated() {
            let indices = order[start..<min(start + batchSize, order.count)]
            state.step = Int(progress.step)
            for index in callbacks.indices { callbacks[index].onBatchBegin(state: &state) }
            // Built (primitives created) before the clock starts: only the step itself is timed.
            let plan = try network.plan(batchSize: indices.count, training: true)
            let stepStarted = DispatchTime.now().uptimeNanoseconds
            targets.withUnsafeMutableBufferPointer { targets in
                train.fill(indices, inputs: plan.input.floats.baseAddress!, targets: targets.baseAddress!)
            }
            try plan.forward(step: progress.step)
            let probabilities = UnsafePointer(plan.output.floats.baseAddress!)
            let measured = loss.evaluate(probabilities: probabilities, targets: targets, count: indices.count, classes: classes)
            var nonFinite: String?
            if measured.lossSum.isFinite {
                loss.logitGradient(probabilities: probabilities, targets: targets, count: indices.count,
                                   batchSize: indices.count, classes: classes, into: plan.lossGradient.floats.baseAddress!)
                try plan.backward(step: progress.step)
                if let parameter = network.trainableParameters.first(where: { !$0.gradient.allFinite }) {
                    nonFinite = "the gradient of \(parameter.name) became non-finite at step \(progress.step + 1)"
                } else {
                    optimizer.update(network.trainableParameters, learningRate: state.learningRate)
                }
            } else {
                nonFinite = "the loss became \(measured.lossSum) at step \(progress.step + 1)"
            }
            progress.step += 1
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - stepStarted) / 1e9
            stepSeconds += seconds
            lossSum += measured.lossSum
            correct += measured.correct
            seen += indices.count
            let logs = BatchLogs(batch: batch + 1, loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                                 batchLoss: measured.lossSum / Double(indices.count), size: indices.count, seconds: seconds)
            for index in callbacks.indices { callbacks[index].onBatchEnd(logs, state: &state) }
            if let nonFinite { state.stopRequest = .diverged(reason: nonFinite) }
            if stop?.isRequested == true { return nil }
            if state.stopRequest != nil { break }
        }
        return (lossSum / Double(seen), Double(correct) / Double(seen), seen, stepSeconds)
    }

    /// Mean loss and accuracy over `dataset` in inference mode (no dropout). The last partial
    /// batch is padded to `batchSize` and only its real rows are counted.
    public func evaluate(_ dataset: any Dataset, batchSize: Int) throws -> (loss: Double, accuracy: Double) {
        let plan = try network.plan(batchSize: batchSize, training: false)
        let classes = network.outputShape[0]
        var targets = [Float](repeating: 0, count: batchSize * classes)
        var (lossSum, correct) = (0.0, 0)
        for start in stride(from: 0, to: dataset.count, by: batchSize) {
            let indices = Array(start..<min(start + batchSize, dataset.count))[...]
            targets.withUnsafeMutableBufferPointer { targets in
                dataset.fill(indices, inputs: plan.input.floats.baseAddress!, targets: targets.baseAddress!)
            }
            try plan.forward(step: progress.step)
            let measured = loss.evaluate(probabilities: plan.output.floats.baseAddress!, targets: targets,
                                         count: indices.count, classes: classes)
            lossSum += measured.lossSum
            correct += measured.correct
        }
        return (lossSum / Double(dataset.count), Double(correct) / Double(dataset.count))
    }
}
