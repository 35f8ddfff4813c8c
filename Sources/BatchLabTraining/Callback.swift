/// What callbacks see and may change while `fit` runs.
public struct TrainingState {
    public var epoch = 0
    public let epochs: Int
    public let stepsPerEpoch: Int
    public let batchSize: Int
    /// The optimizer's learning rate; a callback that sets it changes the next step's.
    public var learningRate: Float
    /// Set to end training after the current epoch.
    public var stopTraining = false

    public init(epochs: Int, stepsPerEpoch: Int, batchSize: Int, learningRate: Float) {
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.batchSize = batchSize
        self.learningRate = learningRate
    }
}

/// Running averages within an epoch, after each batch.
public struct BatchLogs {
    public var batch: Int
    public var loss: Double
    public var accuracy: Double
}

/// Receives the training loop's events, as Keras callbacks do. Every method has an empty default.
public protocol Callback {
    mutating func onTrainBegin(state: inout TrainingState)
    mutating func onEpochBegin(state: inout TrainingState)
    mutating func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState)
    /// `logs` holds the epoch's values; a callback may add its own (e.g. `lr`).
    mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState)
    mutating func onTrainEnd(state: inout TrainingState)
}

extension Callback {
    public mutating func onTrainBegin(state: inout TrainingState) {}
    public mutating func onEpochBegin(state: inout TrainingState) {}
    public mutating func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState) {}
    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {}
    public mutating func onTrainEnd(state: inout TrainingState) {}
}
