import Foundation

/// Measures how long training takes to reach a validation accuracy — the "steps to target" of
/// McCandlish et al. 2018, "An Empirical Model of Large-Batch Training" — and ends the run there.
///
/// Every `interval` training images (rounded up to whole steps, so every batch size is checked
/// equally often per image) it calls `evaluate` (accuracy on a fixed held-out sample). The first
/// time the accuracy reaches `target` it stops training and logs, in that epoch's logs:
/// `target_step` (training steps taken), `target_images` (images seen), `target_seconds` (time in
/// training steps only: evaluations and validation excluded) and `target_accuracy` (the accuracy
/// measured). Its counters are saved in checkpoints, so a resumed run keeps counting.
public struct TargetAccuracy: StatefulCallback {
    public let target: Double
    /// Training images between evaluations.
    public let interval: Int
    private let evaluate: () -> Double
    private var stepStarted = Date()

    /// Images seen, training seconds and the next evaluation point, over the whole run.
    public struct State: Codable, Equatable {
        public var imagesSeen = 0
        public var trainingSeconds = 0.0
        public var nextEvaluation: Int
    }

    public var checkpointState: State
    public var stateKey: String { "TargetAccuracy" }

    /// When the target was reached: step, images, seconds, accuracy.
    public private(set) var reached: (step: Int, images: Int, seconds: Double, accuracy: Double)?
    /// The last evaluation: training steps taken and the accuracy measured.
    public private(set) var lastEvaluation: (step: Int, accuracy: Double)?

    public init(target: Double, interval: Int, evaluate: @escaping () -> Double) {
        precondition(interval >= 1)
        self.target = target
        self.interval = interval
        self.evaluate = evaluate
        checkpointState = State(nextEvaluation: interval)
    }

    /// The settings, for a run's config.
    public var summary: String { "TargetAccuracy(target: \(target), every: \(interval) images)" }

    public mutating func onBatchBegin(state: inout TrainingState) {
        stepStarted = Date()
    }

    public mutating func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState) {
        var counters = checkpointState
        defer { checkpointState = counters }
        counters.trainingSeconds += Date().timeIntervalSince(stepStarted)
        counters.imagesSeen += logs.size ?? state.batchSize
        guard reached == nil, counters.imagesSeen >= counters.nextEvaluation else { return }
        counters.nextEvaluation += interval * ((counters.imagesSeen - counters.nextEvaluation) / interval + 1)
        let accuracy = evaluate()
        let step = state.step + 1
        lastEvaluation = (step, accuracy)
        guard accuracy >= target else { return }
        reached = (step, counters.imagesSeen, counters.trainingSeconds, accuracy)
        state.stopRequest = .finishEarly(reason: String(
            format: "Reached the target accuracy %.3f ≥ %g after %d steps (%d images, %.1f s of training)",
            accuracy, target, step, counters.imagesSeen, counters.trainingSeconds))
    }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        guard let reached else { return }
        logs["target_step"] = Double(reached.step)
        logs["target_images"] = Double(reached.images)
        logs["target_seconds"] = reached.seconds
        logs["target_accuracy"] = reached.accuracy
    }
}
