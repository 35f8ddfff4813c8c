import Testing
@testable import BatchLabTraining

@Suite struct TerminateOnDivergenceTests {
    @Test func theTutorialsLearningRateOneTenthRunDiverges() {
        var callback = TerminateOnDivergence(classes: 10)
        #expect(abs(callback.threshold - 4.605) < 0.001)
        var state = TrainingState(epochs: 3, stepsPerEpoch: 1, batchSize: 1, learningRate: 0.1)
        state.epoch = 1
        var logs = EpochLogs()
        logs["loss"] = 14.5
        callback.onEpochEnd(&logs, state: &state)
        guard case .diverged(let reason)? = state.stopRequest else { Issue.record("not diverged"); return }
        #expect(reason.contains("loss 14.50 after epoch 1"))
    }

    @Test func aLearningRunGoesOn() {
        var callback = TerminateOnDivergence(classes: 10)
        var state = TrainingState(epochs: 3, stepsPerEpoch: 1, batchSize: 1, learningRate: 0.001)
        var logs = EpochLogs()
        logs["loss"] = 2.4
        callback.onEpochEnd(&logs, state: &state)
        #expect(state.stopRequest == nil)
    }
}
