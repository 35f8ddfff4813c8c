import BatchLabConfig
import BatchLabNN
import BatchLabTraining

extension CallbackSettings {
    /// ReduceLROnPlateau and EarlyStopping, when their sections are given.
    public func plateauAndStopping(restoring network: Network, onMessage: @escaping (String) -> Void) -> [any Callback] {
        var callbacks: [any Callback] = []
        if let plateau = reduceLROnPlateau {
            callbacks.append(ReduceLROnPlateau(monitor: plateau.monitor, factor: Float(plateau.factor), patience: plateau.patience,
                                               minDelta: plateau.minDelta, cooldown: plateau.cooldown, minLR: Float(plateau.minLR),
                                               onReduce: onMessage))
        }
        if let stopping = earlyStopping {
            callbacks.append(EarlyStopping(monitor: stopping.monitor, patience: stopping.patience,
                                           restoreBestWeights: stopping.restoreBestWeights ? network : nil))
        }
        return callbacks
    }
}
