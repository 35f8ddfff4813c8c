import BatchLabConfig
import BatchLabData
import BatchLabTracking
import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabRun

/// The test-set measurement takes the weights a run ended with.
@Suite(.serialized) struct TestEvaluationTests {
    /// A run on random labels whose val_loss is best at an early epoch, with EarlyStopping's
    /// `restore_best_weights`: it ends with the best epoch's weights, so those are measured —
    /// the weights of the checkpoint `best.json` keeps (both watch val_loss) — not the last epoch's.
    @Test func restoredBestWeightsAreTheOnesMeasured() throws {
        let folder = try generatedCIFARFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteRunStore(path: folder.appendingPathComponent("runs.sqlite").path)
        var configuration = RunConfiguration()
        configuration.data.folder = folder.path
        (configuration.batchSize, configuration.epochs, configuration.threads) = (8, 5, 1)
        configuration.optimizer.lr = 0.003
        configuration.callbacks.checkpointDir = folder.appendingPathComponent("checkpoints").path
        var stopping = EarlyStoppingSettings()
        (stopping.monitor, stopping.patience, stopping.restoreBestWeights) = ("val_loss", 10, true)
        configuration.callbacks.earlyStopping = stopping
        var run = TrainingRun(configuration: configuration, name: "best", version: "t", stop: StopSignal())
        run.log = { _ in }
        let result = try run.start(store: store)
        let bestEpoch = try #require(result.callbacks.lazy.compactMap { $0 as? EarlyStopping }.first).checkpointState.bestEpoch
        try #require(bestEpoch < configuration.epochs, "the fixture must be best before its last epoch")

        let measured = try TestEvaluation.measure(try #require(try store.run(id: result.runID)))
        #expect(measured.epoch == bestEpoch)
        // The best checkpoint's weights, measured independently.
        var recorded = try #require(try store.run(id: result.runID)?.configuration)
        recorded.callbacks.earlyStopping = nil
        let trainer = try recorded.makeTrainer()
        var none: [any Callback] = []
        let best = try TrainingCheckpoint.load(from: URL(fileURLWithPath: recorded.callbacks.checkpointDir!)
            .appendingPathComponent("run-\(result.runID)"), name: "best")
        #expect(best.metadata.epoch == bestEpoch)
        try best.restore(into: trainer, batchSize: 8, stepsPerEpoch: 5, callbacks: &none)
        let cifar = try CIFAR10.load(from: recorded.data.directory)
        let expected = try trainer.evaluate(cifar.test, batchSize: 8)
        #expect(measured.loss == expected.loss && measured.accuracy == expected.accuracy)
    }
}
