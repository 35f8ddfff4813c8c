import BatchLabConfig
import BatchLabTracking
import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabExperiments

/// The chosen setting meets the test set once: chosen by its validation numbers, never by the test's.
@Suite struct TestAccuracyTests {
    func store(_ runs: [(name: String, status: RunStatus, valAccuracy: [Double])]) throws -> (SQLiteRunStore, [Int64]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("test-accuracy-\(UUID().uuidString)/runs.sqlite").path
        let store = try SQLiteRunStore(path: path)
        let config = RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: 0.001, learningRate: 0.001,
                               batchSize: 32, epochs: 3)
        let ids = try runs.map { run in
            let id = try store.createRun(NewRun(name: run.name, study: "s", config: config, configuration: RunConfiguration(), version: "t"))
            for (index, accuracy) in run.valAccuracy.enumerated() {
                var logs = EpochLogs()
                logs["epoch"] = Double(index + 1)
                logs["val_accuracy"] = accuracy
                try store.appendEpoch(runID: id, logs: logs)
            }
            try store.setStatus(runID: id, run.status, message: nil)
            return id
        }
        return (store, ids)
    }

    @Test func theChoiceIsTheFinishedRunWithTheBestLastValidationAccuracy() throws {
        let (store, ids) = try store([
            ("peaked early", .finished, [0.60, 0.50]),
            ("best at the end", .finished, [0.40, 0.55]),
            ("stopped at a rung", .stoppedEarly, [0.70]),
            ("diverged", .diverged, [0.10]),
            ("nan", .finished, [0.3, .nan]),
        ])
        let (chosen, accuracy) = try #require(try TestAccuracy.chosenRun(try store.runs(study: "s"), store: store))
        #expect(chosen.id == ids[1] && accuracy == 0.55)
    }

    @Test func aRunMeasuredAlreadyIsNotMeasuredAgain() throws {
        let (store, ids) = try store([("only", .finished, [0.5])])
        let earlier = TestAccuracy(runID: ids[0], runName: "only", valAccuracy: 0.5, validation: "10 % of the training set, held out",
                                   epoch: 1, testAccuracy: 0.48, testLoss: 1.4, testImages: 10_000)
        _ = try store.saveAnalysis(NewAnalysis(kind: .testAccuracy, name: "test accuracy of only", study: "s", runID: ids[0],
                                               settings: [:], result: earlier, version: "t"))
        // The run saved no checkpoint: measuring it again would fail, so this returns the first measurement.
        #expect(try TestAccuracy.measureChoice(of: "s", store: store, version: "t") == earlier)
        #expect(try store.analyses(study: "s", kind: .testAccuracy).count == 1)
        #expect(earlier.sentence == "Chosen on 10 % of the training set, held out, by val_accuracy 0.5000: only; its weights after epoch 1 "
                + "on the test set, measured once: accuracy 0.4800, loss 1.400 (10,000 images).")
    }

    @Test func selectionsHoldOutPartOfTheTrainingSetUnlessARunNamesItsSplit() {
        var data = DataSettings()
        #expect(data.heldOutForSelection().validationSplit == 0.1)
        data.validationSplit = 0.2
        #expect(data.heldOutForSelection().validationSplit == 0.2)
        #expect(DataSettings.validationSource(split: nil) == "the test set")
        #expect(DataSettings.validationSource(split: 0.1) == "10 % of the training set, held out")
    }
}
