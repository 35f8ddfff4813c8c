import Testing
@testable import BatchLabTraining

@Suite struct EarlyStoppingTests {
    /// The epoch at which `callback` asks to stop, if any.
    func stoppingEpoch(_ callback: EarlyStopping, values: [Double]) -> Int? {
        var callback = callback
        var state = TrainingState(epochs: values.count, stepsPerEpoch: 1, batchSize: 1, learningRate: 1)
        for (index, value) in values.enumerated() {
            state.epoch = index + 1
            var logs = EpochLogs()
            logs["val_loss"] = value
            logs["val_accuracy"] = value
            callback.onEpochEnd(&logs, state: &state)
            if state.stopRequest != nil { return state.epoch }
        }
        return nil
    }

    @Test func stopsPatienceEpochsAfterTheBest() {
        // Best at epoch 2; epochs 3 and 4 are worse → stop at the end of epoch 4.
        #expect(stoppingEpoch(EarlyStopping(patience: 2), values: [1, 0.9, 0.95, 0.92, 0.91]) == 4)
        #expect(stoppingEpoch(EarlyStopping(patience: 3), values: [1, 0.9, 0.95, 0.92, 0.91]) == 5)
        #expect(stoppingEpoch(EarlyStopping(patience: 2), values: [1, 0.9, 0.8, 0.7]) == nil)
    }

    @Test func minDeltaAndMode() {
        #expect(stoppingEpoch(EarlyStopping(patience: 1, minDelta: 0.2), values: [1, 0.9]) == 2)
        #expect(stoppingEpoch(EarlyStopping(monitor: "val_accuracy", patience: 1), values: [0.5, 0.6, 0.55]) == 3)
    }

    @Test func reportsItAsAnEarlyFinish() {
        var callback = EarlyStopping(patience: 1)
        var state = TrainingState(epochs: 3, stepsPerEpoch: 1, batchSize: 1, learningRate: 1)
        for (epoch, value) in [(1, 1.0), (2, 2.0)] {
            state.epoch = epoch
            var logs = EpochLogs()
            logs["val_loss"] = value
            callback.onEpochEnd(&logs, state: &state)
        }
        guard case .finishEarly(let reason)? = state.stopRequest else { Issue.record("no early finish"); return }
        #expect(reason.contains("val_loss has not improved on 1.0 (epoch 1)"))
    }
}
