import BatchLabTraining

/// Records a run's logs into a store as it trains: each epoch's logs when the epoch ends, in
/// one short transaction together with the training loss and learning rate of every
/// `stepInterval`-th step.
///
/// A store write that fails (disk full, store locked past its timeout) is reported through
/// `onError` and training goes on: losing a record is better than losing the run.
public struct RunRecorder: Callback {
    public let store: any RunJournal
    public let runID: Int64
    public var stepInterval: Int
    public var onError: (Error) -> Void
    private var pendingSteps: [StepLoss] = []

    public init(store: any RunJournal, runID: Int64, stepInterval: Int = 10, onError: @escaping (Error) -> Void) {
        precondition(stepInterval >= 1)
        self.store = store
        self.runID = runID
        self.stepInterval = stepInterval
        self.onError = onError
    }

    public mutating func onBatchEnd(_ logs: BatchLogs, state: inout TrainingState) {
        if state.step % stepInterval == 0 { pendingSteps.append(StepLoss(step: state.step, loss: logs.batchLoss, learningRate: EpochLogs.value(state.learningRate))) }
    }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        do {
            try store.appendEpoch(runID: runID, logs: logs, stepLosses: pendingSteps)
            pendingSteps.removeAll()
        } catch {
            onError(error)
        }
    }
}
