import Foundation

/// Measures how long training takes to reach a validation accuracy — the "steps to target" of
/// McCandlish et al. 2018, "An Empirical Model of Large-Batch Training" — and ends the run there.
///
/// Every `interval` training images (rounded up to whole steps, so every batch size is checked
/// equally often per image) it calls `evaluate` (accuracy on a fixed held-out sample). The first
/// time the accuracy reaches `target` it stops training and logs, in that epoch's logs:
/// `target_step` (training steps), `target_images` (images seen), `target_seconds` (time in
/// training steps only: evaluations, validation and other callbacks excluded) and
/// `target_accuracy` (the accuracy measured).
///
/// The crossing lies between the last evaluation below the target and the first at or above it;
/// steps, images and seconds are interpolated linearly in accuracy between those two, so the
/// measure does not depend on how often it is checked (the first evaluation after the crossing
/// is up to an interval late, which at small batches biased S(B) and B_noise upward). When the
/// very first evaluation reaches the target there is nothing to interpolate from: it is taken as is.
/// Its counters are saved in checkpoints, so a resumed run keeps counting.
public struct TargetAccuracy: StatefulCallback {
    public let target: Double
    /// Training images between evaluations.
    public let interval: Int
    private let evaluate: () -> Double

    /// Where training stood at an evaluation.
    public struct Evaluation: Codable, Equatable, Sendable {
        public var step: Int
        public var images: Int
        public var seconds: Double
        public var accuracy: Double
    }

    /// Images seen, training seconds, the next evaluation point and the last evaluation, over the whole run.
    public struct State: Codable, Equatable {
        public var imagesSeen = 0
        public var trainingSeconds = 0.0
        public var nextEvaluation: Int
        /// Nil before the first evaluation (and in checkpoints written before it was kept).
        public var lastEvaluation: Evaluation?
    }

    public var checkpointState: State
    public var stateKey: String { "TargetAccuracy" }

    /// Where the target was crossed (interpolated), and the evaluation that found it.
    public private(set) var reached: (step: Double, images: Double, seconds: Double, accuracy: Double, evaluatedAtStep: Int)?
    /// The last evaluation: training steps taken and the accuracy measured.
    public var lastEvaluation: (step: Int, accuracy: Double)? {
        checkpointState.lastEvaluation.map { ($0.step, $0.accuracy) }
    }

    public init(target: Double, interval: Int, evaluate: @escaping () -> Double) {
        precondition(interval >= 1)
        self.target = target
        self.interval = interval
        self.evaluate = evaluate
        checkpointState = State(nextEvaluation: interval)
    }

    /// The settings, for a run's config.
    public var summary: String { "TargetAccuracy(target: \(target), every: \(interval) images)" }

    public mutating func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState) {
        var counters = checkpointState
        defer { checkpointState = counters }
        counters.trainingSeconds += logs.seconds ?? 0
        counters.imagesSeen += logs.size ?? state.batchSize
        guard reached == nil, counters.imagesSeen >= counters.nextEvaluation else { return }
        counters.nextEvaluation += interval * ((counters.imagesSeen - counters.nextEvaluation) / interval + 1)
        let now = Evaluation(step: state.step + 1, images: counters.imagesSeen, seconds: counters.trainingSeconds, accuracy: evaluate())
        let before = counters.lastEvaluation
        counters.lastEvaluation = now
        guard now.accuracy >= target else { return }
        // The fraction of the way from the evaluation below the target to this one where it is crossed.
        let fraction = before.map { (target - $0.accuracy) / (now.accuracy - $0.accuracy) } ?? 1
        func along(_ from: Double, _ to: Double) -> Double { from + fraction * (to - from) }
        let start = before ?? now
        reached = (along(Double(start.step), Double(now.step)), along(Double(start.images), Double(now.images)),
                   along(start.seconds, now.seconds), now.accuracy, now.step)
        state.stopRequest = .finishEarly(reason: String(
            format: "Reached the target accuracy %.3f ≥ %g at the evaluation after step %d; crossed at about step %.1f (%.0f images, %.1f s of training)",
            now.accuracy, target, now.step, reached!.step, reached!.images, reached!.seconds))
    }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        guard let reached else { return }
        logs["target_step"] = reached.step
        logs["target_images"] = reached.images
        logs["target_seconds"] = reached.seconds
        logs["target_accuracy"] = reached.accuracy
    }
}
