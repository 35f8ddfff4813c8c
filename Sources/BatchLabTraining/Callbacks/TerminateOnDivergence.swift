import Foundation

/// Ends a run whose loss has blown up without a NaN — the failure the tutorial's lr 0.1 run
/// shows: a softmax saturated on wrong classes, with a loss (≈14.5) far above what guessing
/// uniformly costs (ln of the class count, 2.30 for 10 classes). After an epoch whose mean
/// training loss exceeds `factor` × ln(classes), it stops training.
///
/// A NaN or infinite loss (Keras's `TerminateOnNaN`) needs no callback: `Trainer` stops at that
/// step. The run is then recorded as `diverged`: a result, not an error.
public struct TerminateOnDivergence: Callback {
    public var classes: Int
    /// How many times the loss of a uniform guess counts as diverged (default 2).
    public var factor: Double

    public init(classes: Int, factor: Double = 2) {
        self.classes = classes
        self.factor = factor
    }

    /// The settings, for a run's config.
    public var summary: String { "TerminateOnDivergence(factor: \(factor), threshold: \(String(format: "%.3f", threshold)))" }

    /// The epoch loss above which a run counts as diverged.
    public var threshold: Double { factor * log(Double(classes)) }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        guard state.stopRequest == nil, let loss = logs["loss"], loss > threshold else { return }
        state.stopRequest = .diverged(reason: String(format: "loss %.2f after epoch %d is worse than guessing (%.2f = %g·ln %d)",
                                                     loss, state.epoch, threshold, factor, classes))
    }
}
