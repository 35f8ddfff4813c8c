import BatchLabTraining
import Testing
@testable import BatchLabTracking

@Suite struct RunRecorderTests {
    @Test func recordsEveryNthStepsLossWithTheRateItTrainedWith() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.createRun(NewRun(name: "r", config: sampleConfig, version: "t"))
        var recorder = RunRecorder(store: store, runID: id, stepInterval: 2) { Issue.record("store error \($0)") }
        var state = TrainingState(epochs: 1, stepsPerEpoch: 5, batchSize: 32, learningRate: 0.01)
        for step in 0..<5 {
            state.step = step
            state.learningRate = 0.01 * Float(step + 1)
            recorder.onBatchEnd(BatchLogs(batch: step + 1, loss: 1, accuracy: 0.1, batchLoss: 2 - Double(step) / 10), state: &state)
        }
        var logs = EpochLogs()
        logs["epoch"] = 1
        recorder.onEpochEnd(&logs, state: &state)
        let steps = try store.stepLosses(runID: id)
        #expect(steps.map(\.step) == [0, 2, 4])
        #expect(steps.map(\.loss) == [2, 1.8, 1.6])
        // As the epochs' lr: the float's shortest decimal form.
        #expect(steps.map(\.learningRate) == [1, 3, 5].map { EpochLogs.value(0.01 * Float($0)) })
        #expect(steps[1].learningRate == 0.03)
        #expect(try store.epochs(runID: id).count == 1)
    }
}
