import BatchLabNN

/// Stops training when a monitored value has not improved for `patience` epochs — Keras's
/// `EarlyStopping`: improvement means beating the best by more than `minDelta` (absolute);
/// the counter counts every epoch since the best, so training stops at the end of epoch
/// best + patience. With `restoreBestWeights`, the weights of the best epoch are put back when
/// it stops (as Keras, only then).
public struct EarlyStopping: StatefulCallback {
    public var monitor: String
    public var patience: Int
    public var minDelta: Double
    public var mode: MonitorMode
    /// The network whose best weights are kept and restored; nil to keep none.
    public let restoreBestWeights: Network?

    public struct State: Codable, Equatable {
        public var best: Double
        public var bestEpoch = 0
        public var wait = 0
    }

    public var checkpointState: State
    public let stateKey = "EarlyStopping"
    private var bestWeights: [[Float]]?

    public init(monitor: String = "val_loss", patience: Int = 0, minDelta: Double = 0, mode: MonitorMode = .auto,
                restoreBestWeights: Network? = nil) {
        self.monitor = monitor
        self.patience = patience
        self.minDelta = abs(minDelta)
        self.mode = mode.resolved(for: monitor)
        self.restoreBestWeights = restoreBestWeights
        checkpointState = State(best: self.mode.worst)
    }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        guard let current = logs[monitor] else { return }
        checkpointState.wait += 1
        if mode.isImprovement(current, over: checkpointState.best, minDelta: minDelta) {
            checkpointState.best = current
            checkpointState.bestEpoch = state.epoch
            checkpointState.wait = 0
            bestWeights = restoreBestWeights.map { $0.parameters.map { Array($0.value.floats) } }
            return
        }
        guard checkpointState.wait >= patience, state.epoch > 1 else { return }
        var reason = "EarlyStopping: \(monitor) has not improved on \(checkpointState.best) (epoch \(checkpointState.bestEpoch)) "
            + "for \(checkpointState.wait) epoch\(checkpointState.wait == 1 ? "" : "s")"
        if let network = restoreBestWeights, let bestWeights {
            for (parameter, values) in zip(network.parameters, bestWeights) {
                _ = parameter.value.floats.update(fromContentsOf: values)
            }
            reason += "; restored the weights of epoch \(checkpointState.bestEpoch)"
        }
        state.stopRequest = .finishEarly(reason: reason)
    }

    public var summary: String {
        "EarlyStopping(monitor: \(monitor), patience: \(patience), min_delta: \(minDelta), mode: \(mode.rawValue), "
            + "restore_best_weights: \(restoreBestWeights != nil))"
    }
}
