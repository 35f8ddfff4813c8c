/// Lowers the learning rate when a monitored value stops improving — Keras's
/// `ReduceLROnPlateau`, same defaults and semantics:
///
/// - an epoch improves when the value beats the best so far by more than `minDelta` (absolute);
/// - on the `patience`-th epoch in a row without improvement, lr ← max(lr · factor, minLR), then
///   `cooldown` epochs pass during which bad epochs are not counted;
/// - nothing happens once lr ≤ minLR.
///
/// (PyTorch's scheduler differs: relative threshold, drop on the patience+1-th bad epoch.)
/// One deviation: the new rate is rounded to 6 significant digits (see `rounded`).
/// Trainer logs `lr` before callbacks run, so an epoch's `lr` is the rate it trained with.
public struct ReduceLROnPlateau: StatefulCallback {
    public var monitor: String
    public var factor: Float
    public var patience: Int
    public var mode: MonitorMode
    public var minDelta: Double
    public var cooldown: Int
    public var minLR: Float

    /// The counters a checkpoint keeps.
    public struct State: Codable, Equatable {
        public var best: Double
        public var wait = 0
        public var cooldownCounter = 0
    }

    public var checkpointState: State
    public let stateKey = "ReduceLROnPlateau"
    /// Messages for each reduction ("Epoch 12: ReduceLROnPlateau reducing learning rate to 0.0001.").
    public var onReduce: (String) -> Void

    /// Keras's defaults: the arguments' here, and those of the configuration's `reduce_lr_on_plateau`.
    public enum Defaults {
        public static let monitor = "val_loss", patience = 10, cooldown = 0
        public static let factor = 0.1, minDelta = 1e-4, minLR = 0.0
    }

    public init(monitor: String = Defaults.monitor, factor: Float = Float(Defaults.factor), patience: Int = Defaults.patience,
                mode: MonitorMode = .auto, minDelta: Double = Defaults.minDelta, cooldown: Int = Defaults.cooldown,
                minLR: Float = Float(Defaults.minLR), onReduce: @escaping (String) -> Void = { _ in }) {
        precondition(factor < 1, "ReduceLROnPlateau does not support a factor ≥ 1")
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.mode = mode.resolved(for: monitor)
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLR = minLR
        self.onReduce = onReduce
        checkpointState = State(best: self.mode.worst)
    }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        guard let current = logs[monitor] else { return }
        var counters = checkpointState
        defer { checkpointState = counters }
        if counters.cooldownCounter > 0 {
            counters.cooldownCounter -= 1
            counters.wait = 0
        }
        if mode.isImprovement(current, over: counters.best, minDelta: minDelta) {
            counters.best = current
            counters.wait = 0
        } else if counters.cooldownCounter == 0 {
            // As Keras, cooldown is checked again after the decrement: its last epoch already counts.
            counters.wait += 1
            if counters.wait >= patience, state.learningRate > minLR {
                state.learningRate = max(Self.rounded(state.learningRate * factor), minLR)
                onReduce("Epoch \(state.epoch): ReduceLROnPlateau reducing learning rate to \(state.learningRate).")
                counters.cooldownCounter = cooldown
                counters.wait = 0
            }
        }
    }

    /// `value` to 6 significant digits: 0.001 × 0.1 in float32 is 0.000100000005, which Keras
    /// keeps; BatchLab keeps 0.0001 (a change in the 8th digit) so logs and charts read cleanly.
    static func rounded(_ value: Float) -> Float {
        Float(String(format: "%.6g", Double(value))) ?? value
    }

    /// The settings, for a run's config.
    public var summary: String {
        "ReduceLROnPlateau(monitor: \(monitor), factor: \(factor), patience: \(patience), mode: \(mode.rawValue), "
            + "min_delta: \(minDelta), cooldown: \(cooldown), min_lr: \(minLR))"
    }
}
