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
///
/// Data-parallel (Horovod, PyTorch DDP) when `collective` is set: every member draws the same
/// shuffle, computes its `share` of each global batch, and the gradients, summed over the
/// members, are those of the whole batch; every member applies the same optimizer step.
/// Validation is split over the members and reduced, each image counted once. Up to float
/// summation order, the numbers are those of one process with the same global batch size.
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
    /// The members training this run together; nil in one process.
    public var collective: (any Collective)?
    /// The gradients of every trainable parameter, end to end, for one fused sum over the members.
    var fusedGradients: [Float] = []

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
        try checkMembersAgree(on: [epochs, initialEpoch, batchSize, train.count, validation?.count ?? -1],
                              firstShare: collective?.share(of: min(batchSize, train.count)).count ?? 0)
        var state = TrainingState(epochs: epochs, stepsPerEpoch: (train.count + batchSize - 1) / batchSize,
                                  batchSize: batchSize, learningRate: learningRate)
        var history: [EpochLogs] = []
        for index in callbacks.indices { callbacks[index].onTrainBegin(state: &state) }
        defer { for index in callbacks.indices { callbacks[index].onTrainEnd(state: &state) } }
        // Data-parallel, the members agree on a stop (a signal may reach one before the others).
        if try stopAgreed(stop?.isRequested == true) || state.stopRequest == .interrupt { return (.interrupted, history) }
        for epoch in (initialEpoch + 1)...epochs {
            state.epoch = epoch
            for index in callbacks.indices { callbacks[index].onEpochBegin(state: &state) }
            let started = Date()
            guard let trained = try trainEpoch(train, batchSize: batchSize, callbacks: &callbacks, state: &state, stop: stop) else {
                return (.interrupted, history)
            }
            // Moving statistics (BatchNormalization) follow each member's share: averaged, every
            // member validates, checks and saves the same model.
            if let collective { try averageNonTrainable(over: collective) }
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
            logs["lr"] = EpochLogs.value(state.learningRate)
            logs["seconds"] = Date().timeIntervalSince(started)
            logs["images_per_second"] = Double(trained.seen) / trained.stepSeconds
            if collective != nil { logs["allreduce_seconds"] = trained.reduceSeconds }
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
    private func trainEpoch(_ train: some Dataset, batchSize: Int, callbacks: inout [any Callback], state: inout TrainingState,
                            stop: StopSignal?) throws -> (loss: Double, accuracy: Double, seen: Int, stepSeconds: Double, reduceSeconds: Double)? {
        var order = Array(0..<train.count)
        order.shuffle(using: &progress.shuffle)
        var (lossSum, correct, seen, stepSeconds, reduceSeconds) = (0.0, 0, 0, 0.0, 0.0)
        let classes = network.outputShape[0]
        // One buffer for every batch: `fill` rewrites the rows a batch uses, the loss reads only those.
        var targets = [Float](repeating: 0, count: batchSize * classes)
        let trainable = network.trainableParameters
        for (batch, start) in stride(from: 0, to: order.count, by: batchSize).enumerated() {
            let indices = order[start..<min(start + batchSize, order.count)]
            // This member's examples of the step's batch (all of them in one process).
            let share = collective?.share(of: indices.count) ?? 0..<indices.count
            let mine = indices.dropFirst(share.lowerBound).prefix(share.count)
            state.step = Int(progress.step)
            for index in callbacks.indices { callbacks[index].onBatchBegin(state: &state) }
            // Built (primitives created) before the clock starts: only the step itself is timed.
            let plan = mine.isEmpty ? nil : try network.plan(batchSize: mine.count, training: true)
            let stepStarted = DispatchTime.now().uptimeNanoseconds
            var measured = (lossSum: 0.0, correct: 0)
            if let plan {
                targets.withUnsafeMutableBufferPointer { targets in
                    train.fill(mine, inputs: plan.input.floats.baseAddress!, targets: targets.baseAddress!)
                }
                try plan.forward(step: progress.step, firstExample: share.lowerBound)
                measured = loss.evaluate(probabilities: plan.output.floats.baseAddress!, targets: targets, count: mine.count, classes: classes)
            }
            var stopRequested = stop?.isRequested == true
            if let collective {
                // The batch's loss and accuracy, and whether any member was asked to stop: all stop at the same step.
                let started = DispatchTime.now().uptimeNanoseconds
                let totals = try collective.reduce([measured.lossSum, Double(measured.correct), stopRequested ? 1 : 0], .sum)
                (measured, stopRequested) = ((totals[0], Int(totals[1])), totals[2] > 0)
                reduceSeconds += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            }
            var nonFinite: String?
            if measured.lossSum.isFinite {
                if let plan {
                    // Divided by the whole batch's size: summed over the members, the gradient is the batch mean's.
                    loss.logitGradient(probabilities: plan.output.floats.baseAddress!, targets: targets, count: mine.count,
                                       batchSize: mine.count, meanOver: indices.count, classes: classes, into: plan.lossGradient.floats.baseAddress!)
                    try plan.backward(step: progress.step, firstExample: share.lowerBound)
                } else {
                    for parameter in trainable { parameter.gradient.floats.update(repeating: 0) }
                }
                if let collective { reduceSeconds += try sumGradients(of: trainable, over: collective) }
                if let parameter = trainable.first(where: { !$0.gradient.allFinite }) {
                    nonFinite = "the gradient of \(parameter.name) became non-finite at step \(progress.step + 1)"
                } else {
                    optimizer.update(trainable, learningRate: state.learningRate)
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
            if stopRequested { return nil }
            if state.stopRequest != nil { break }
        }
        return (lossSum / Double(seen), Double(correct) / Double(seen), seen, stepSeconds, reduceSeconds)
    }

    /// Mean loss and accuracy over `dataset` in inference mode (no dropout). The last partial
    /// batch is padded to `batchSize` and only its real rows are counted. Data-parallel, each
    /// member evaluates its `share` of the images and the sums are reduced.
    public func evaluate(_ dataset: any Dataset, batchSize: Int) throws -> (loss: Double, accuracy: Double) {
        // A member evaluates its share in batches of its share of a training batch.
        let batchSize = collective.map { max(1, batchSize / $0.size) } ?? batchSize
        let plan = try network.plan(batchSize: batchSize, training: false)
        let classes = network.outputShape[0]
        var targets = [Float](repeating: 0, count: batchSize * classes)
        var (lossSum, correct) = (0.0, 0)
        let share = collective?.share(of: dataset.count) ?? 0..<dataset.count
        for start in stride(from: share.lowerBound, to: share.upperBound, by: batchSize) {
            let indices = Array(start..<min(start + batchSize, share.upperBound))[...]
            targets.withUnsafeMutableBufferPointer { targets in
                dataset.fill(indices, inputs: plan.input.floats.baseAddress!, targets: targets.baseAddress!)
            }
            try plan.forward(step: progress.step)
            let measured = loss.evaluate(probabilities: plan.output.floats.baseAddress!, targets: targets,
                                         count: indices.count, classes: classes)
            lossSum += measured.lossSum
            correct += measured.correct
        }
        if let collective {
            let totals = try collective.reduce([lossSum, Double(correct)], .sum)
            (lossSum, correct) = (totals[0], Int(totals[1]))
        }
        return (lossSum / Double(dataset.count), Double(correct) / Double(dataset.count))
    }
}
