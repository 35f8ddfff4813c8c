/// Why a callback asked training to end.
public enum StopRequest: Equatable, Sendable {
    /// Training is done early but well (EarlyStopping); the run finished.
    case finishEarly(reason: String)
    /// The loss blew up; the run diverged.
    case diverged(reason: String)
    /// An outside judge ended the run (a sweep's successive halving at a rung): stopped early.
    case stopEarly(reason: String)
    /// Whoever controls the run is gone (`EpochGate`'s input closed): the run is interrupted,
    /// resumable like one stopped by Ctrl-C.
    case interrupt

    /// Whether the run diverged: `fit` then writes no checkpoint.
    public var isDivergence: Bool {
        if case .diverged = self { return true }
        return false
    }
}

/// What callbacks see and may change while `fit` runs.
public struct TrainingState {
    /// The epoch in progress, 1-based.
    public var epoch = 0
    /// The last epoch `fit` will train.
    public let epochs: Int
    /// Steps in a full epoch (the last batch may be partial).
    public let stepsPerEpoch: Int
    public let batchSize: Int
    /// Training steps taken before the current one, over all epochs (0-based step number).
    public var step = 0
    /// The learning rate of the next step: its one owner while `fit` runs (the optimizer takes it
    /// with each step); a callback that sets it changes the next step's.
    public var learningRate: Float
    /// Set to end training: `fit` stops after the current step (the partial epoch is still logged,
    /// validated and given to `onEpochEnd`) or, when set in `onEpochEnd`, after the epoch.
    public var stopRequest: StopRequest?

    public init(epochs: Int, stepsPerEpoch: Int, batchSize: Int, learningRate: Float) {
        self.epochs = epochs
        self.stepsPerEpoch = stepsPerEpoch
        self.batchSize = batchSize
        self.learningRate = learningRate
    }
}

/// One training step's results.
public struct BatchLogs {
    /// Step within the epoch, 1-based.
    public var batch: Int
    /// Running averages over the epoch so far.
    public var loss: Double
    public var accuracy: Double
    /// This step's own mean loss.
    public var batchLoss: Double
    /// Examples in this step's batch (the last batch of an epoch may be partial); nil when unknown.
    public var size: Int?
    /// Seconds the step itself took — batch loading, forward, backward, update — without the
    /// callbacks around it; nil when unknown.
    public var seconds: Double?

    public init(batch: Int, loss: Double, accuracy: Double, batchLoss: Double, size: Int? = nil, seconds: Double? = nil) {
        self.batch = batch
        self.loss = loss
        self.accuracy = accuracy
        self.batchLoss = batchLoss
        self.size = size
        self.seconds = seconds
    }
}

/// Receives the training loop's events, as Keras callbacks do. Every method has an empty default.
public protocol Callback {
    mutating func onTrainBegin(state: inout TrainingState)
    mutating func onEpochBegin(state: inout TrainingState)
    /// Before a step: `state.step` is its number; a schedule sets `state.learningRate` here.
    mutating func onBatchBegin(state: inout TrainingState)
    mutating func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState)
    /// `logs` holds the epoch's values; a callback may add its own.
    mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState)
    mutating func onTrainEnd(state: inout TrainingState)
}

extension Callback {
    public mutating func onTrainBegin(state: inout TrainingState) {}
    public mutating func onEpochBegin(state: inout TrainingState) {}
    public mutating func onBatchBegin(state: inout TrainingState) {}
    public mutating func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState) {}
    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {}
    public mutating func onTrainEnd(state: inout TrainingState) {}
}

/// A callback whose counters must survive a checkpoint for a resumed run to repeat an
/// uninterrupted one (ReduceLROnPlateau's `wait`, `best`, …).
public protocol StatefulCallback: Callback {
    associatedtype State: Codable
    /// The key its state is saved under in a checkpoint.
    var stateKey: String { get }
    var checkpointState: State { get set }
    /// Large state a checkpoint keeps as tensors (EarlyStopping's best weights); none by default.
    var checkpointTensors: [String: [Float]] { get set }
}

extension StatefulCallback {
    public var checkpointTensors: [String: [Float]] {
        get { [:] }
        set {}
    }
}
