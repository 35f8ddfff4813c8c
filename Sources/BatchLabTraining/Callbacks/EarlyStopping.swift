import BatchLabCore
import BatchLabNN

/// Stops training when a monitored value has not improved for `patience` epochs — Keras 3's
/// `EarlyStopping`: improvement means beating the best by more than `minDelta` (absolute);
/// the counter counts every epoch since the best, so training stops at the end of epoch
/// best + patience (never after the first epoch). With `restoreBestWeights`, the best epoch's
/// weights are put back when training ends, whether it stopped early or not (Keras 3; tf.keras 2
/// restored only on an early stop).
public struct EarlyStopping: StatefulCallback {
    public var monitor: String
    public var patience: Int
    public var minDelta: Double
    public var mode: MonitorMode
    /// The network whose best weights are kept and restored; nil to keep none.
    public let restoreBestWeights: Network?

    /// The counters a checkpoint keeps.
    public struct State: Codable, Equatable {
        public var best: Double
        public var bestEpoch = 0
        public var wait = 0
    }

    public var checkpointState: State
    public let stateKey = "EarlyStopping"
    /// The best epoch's parameter values in plain (row-major) order, as `plain/<parameter index>`:
    /// a checkpoint restores them on any CPU, whatever blocking oneDNN picks there. (Checkpoints
    /// written before kept them in the physical layout as `<parameter index>`; those are put back
    /// only into a layout of the same size, as then.)
    public var checkpointTensors: [String: [Float]] = [:]

    /// Keras's defaults (BatchLab's `early_stopping` setting waits 10 epochs rather than Keras's 0).
    public enum Defaults {
        public static let monitor = "val_loss", patience = 0, minDelta = 0.0
    }

    public init(monitor: String = Defaults.monitor, patience: Int = Defaults.patience, minDelta: Double = Defaults.minDelta,
                mode: MonitorMode = .auto,
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
            if let network = restoreBestWeights {
                checkpointTensors = Dictionary(uniqueKeysWithValues: network.parameters.enumerated().map { index, parameter in
                    ("plain/\(index)", Self.plainValues(of: parameter, engine: network.engine))
                })
            }
            return
        }
        guard checkpointState.wait >= patience, state.epoch > 1 else { return }
        state.stopRequest = .finishEarly(reason: "EarlyStopping: \(monitor) has not improved on \(checkpointState.best) "
            + "(epoch \(checkpointState.bestEpoch)) for \(checkpointState.wait) epoch\(checkpointState.wait == 1 ? "" : "s")")
    }

    public mutating func onTrainEnd(state: inout TrainingState) {
        guard let network = restoreBestWeights, !checkpointTensors.isEmpty else { return }
        for (index, parameter) in network.parameters.enumerated() {
            if let values = checkpointTensors["plain/\(index)"], values.count == parameter.count {
                do {
                    try parameter.value.setPlainValues(values, engine: network.engine)
                } catch {
                    preconditionFailure("EarlyStopping cannot put back the best weights of \(parameter.name): \(error)")
                }
            } else if let values = checkpointTensors["\(index)"], values.count == parameter.value.floats.count {
                _ = parameter.value.floats.update(fromContentsOf: values)
            }
        }
    }

    /// `parameter`'s values in plain order; a reorder oneDNN cannot run is a broken installation.
    private static func plainValues(of parameter: Parameter, engine: Engine) -> [Float] {
        do {
            return try parameter.value.plainValues(engine: engine)
        } catch {
            preconditionFailure("EarlyStopping cannot read the weights of \(parameter.name): \(error)")
        }
    }

    public var summary: String {
        "EarlyStopping(monitor: \(monitor), patience: \(patience), min_delta: \(minDelta), mode: \(mode.rawValue), "
            + "restore_best_weights: \(restoreBestWeights != nil))"
    }
}
