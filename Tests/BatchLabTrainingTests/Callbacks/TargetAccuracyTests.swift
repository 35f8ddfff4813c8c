import BatchLabCore
import BatchLabNN
import BatchLabOptim
import Foundation
import Testing
@testable import BatchLabTraining

@Suite struct TargetAccuracyTests {
    /// Batches of 4 images, a check every 10 images: checks after 12, 20 and 32 images (steps 3, 5
    /// and 8: the first batch boundary at or past 10, 20 and 30). Scripted accuracies 0.2, 0.4,
    /// 0.6 against a target of 0.5: found at the third check, crossed halfway between the second
    /// and the third: step 6.5, 26 images.
    @Test func checksEveryIntervalOfImagesAndStopsAtTheTarget() {
        var accuracies = [0.2, 0.4, 0.6, 0.9][...]
        var callback = TargetAccuracy(target: 0.5, interval: 10) { accuracies.popFirst()! }
        var state = TrainingState(epochs: 1, stepsPerEpoch: 10, batchSize: 4, learningRate: 0.1)
        var evaluations: [(step: Int, accuracy: Double)] = []
        for step in 0..<10 {
            state.step = step
            callback.onBatchBegin(state: &state)
            callback.onBatchEnd(BatchLogs(batch: step + 1, loss: 1, accuracy: 0.5, batchLoss: 1, size: 4), state: &state)
            if let last = callback.lastEvaluation, last.step == step + 1 { evaluations.append(last) }
            if state.stopRequest != nil { break }
        }
        #expect(evaluations.map(\.step) == [3, 5, 8])
        #expect(evaluations.map(\.accuracy) == [0.2, 0.4, 0.6])
        #expect(callback.reached?.evaluatedAtStep == 8)
        #expect(callback.reached?.step == 6.5)
        #expect(callback.reached?.images == 26)
        guard case .finishEarly(let reason)? = state.stopRequest else {
            Issue.record("no stop request")
            return
        }
        #expect(reason.contains("at the evaluation after step 8; crossed at about step 6.5 (26 images"))
        var logs = EpochLogs()
        callback.onEpochEnd(&logs, state: &state)
        #expect(logs["target_step"] == 6.5)
        #expect(logs["target_images"] == 26)
        #expect(logs["target_accuracy"] == 0.6)
        #expect(logs["target_seconds"]! >= 0)
    }

    /// On a smooth synthetic curve, accuracy = 1 − exp(−images / 50) (target 0.5 crossed at
    /// 50 · ln 2 = 34.66 images), checked every 10 images in batches of 4 (checks at 12, 20, 32,
    /// 40, …): the first check past the crossing is at 40 images, 15 % late; the interpolated
    /// crossing, between 32 and 40, is within 1 % of the true one. Its seconds come from the
    /// steps' own times (0.25 s each here), not from the clock around the callbacks.
    @Test func theCrossingIsInterpolatedBetweenTheEvaluationsAroundIt() {
        var images = 0
        var callback = TargetAccuracy(target: 0.5, interval: 10) { 1 - exp(-Double(images) / 50) }
        var state = TrainingState(epochs: 1, stepsPerEpoch: 100, batchSize: 4, learningRate: 0.1)
        for step in 0..<100 where state.stopRequest == nil {
            state.step = step
            images += 4
            callback.onBatchEnd(BatchLogs(batch: step + 1, loss: 1, accuracy: 0, batchLoss: 1, size: 4, seconds: 0.25), state: &state)
        }
        let truth = 50 * log(2.0)
        let reached = try! #require(callback.reached)
        #expect(reached.evaluatedAtStep == 10)
        #expect(abs(reached.images - truth) / truth < 0.01, "\(reached.images) against \(truth)")
        #expect(abs(reached.step - truth / 4) / (truth / 4) < 0.01)
        #expect(abs(reached.seconds - truth / 4 * 0.25) < 0.01)
    }

    /// A partial last batch counts its own size: batches 4, 4, 2 reach 10 images at step 3.
    @Test func partialBatchesCountTheirOwnSize() {
        var callback = TargetAccuracy(target: 0.9, interval: 10) { 0.1 }
        var state = TrainingState(epochs: 1, stepsPerEpoch: 3, batchSize: 4, learningRate: 0.1)
        for (step, size) in [4, 4, 2].enumerated() {
            state.step = step
            callback.onBatchEnd(BatchLogs(batch: step + 1, loss: 1, accuracy: 0, batchLoss: 1, size: size), state: &state)
            #expect(callback.lastEvaluation?.step == (step == 2 ? 3 : nil))
        }
        #expect(callback.checkpointState.imagesSeen == 10)
        #expect(callback.reached == nil && state.stopRequest == nil)
    }

    /// The counters survive a checkpoint: a restored callback continues where the saved one was.
    @Test func countersAreCheckpointState() {
        var callback = TargetAccuracy(target: 0.9, interval: 10) { 0.1 }
        var state = TrainingState(epochs: 1, stepsPerEpoch: 3, batchSize: 4, learningRate: 0.1)
        callback.onBatchEnd(BatchLogs(batch: 1, loss: 1, accuracy: 0, batchLoss: 1, size: 4), state: &state)
        var restored = TargetAccuracy(target: 0.9, interval: 10) { 0.1 }
        restored.checkpointState = callback.checkpointState
        restored.onBatchEnd(BatchLogs(batch: 2, loss: 1, accuracy: 0, batchLoss: 1, size: 4), state: &state)
        #expect(restored.checkpointState.imagesSeen == 8 && restored.checkpointState.nextEvaluation == 10)
    }

    /// In `fit`, a stop requested after a step ends the epoch there: the partial epoch is logged
    /// with the target's keys and the outcome is `finishedEarly`.
    @Test func endsFitMidEpoch() throws {
        let engine = try Engine(threads: 1)
        let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: engine, seed: 1)
        let trainer = Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: 1)
        let data = tinyDataset()
        var callbacks: [any Callback] = [TargetAccuracy(target: 0.01, interval: 6) {
            (try? trainer.evaluate(data, batchSize: 8).accuracy) ?? 0
        }]
        let (outcome, history) = try trainer.fit(data, validation: data, epochs: 3, batchSize: 6, callbacks: &callbacks)
        guard case .finishedEarly = outcome else {
            Issue.record("outcome \(outcome)")
            return
        }
        #expect(history.count == 1)
        #expect(history[0]["step"] == 1)
        // Reached at the first evaluation: nothing before it to interpolate from.
        #expect(history[0]["target_step"] == 1)
        #expect(history[0]["target_images"] == 6)
        #expect(history[0]["val_accuracy"] != nil)
    }
}
