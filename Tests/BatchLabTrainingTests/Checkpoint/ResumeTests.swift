import BatchLabCore
import BatchLabNN
import BatchLabOptim
import Foundation
import Testing
@testable import BatchLabTraining

/// A run stopped after an epoch and resumed from its checkpoint repeats the uninterrupted run.
@Suite struct ResumeTests {
    func makeTrainer() throws -> (Trainer, [any Callback]) {
        let engine = try Engine(threads: 1)
        let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: engine, seed: 3)
        let callbacks: [any Callback] = [ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 1, minDelta: 0.5)]
        return (Trainer(network: network, optimizer: Adam(learningRate: 0.01), seed: 3), callbacks)
    }

    let compared = ["loss", "accuracy", "val_loss", "val_accuracy", "lr"]

    @Test func resumedRunRepeatsTheUninterruptedOne() throws {
        let data = tinyDataset()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("resume-\(UUID().uuidString)")
        var (trainer, callbacks) = try makeTrainer()
        let uninterrupted = try trainer.fit(data, validation: data, epochs: 5, batchSize: 6, callbacks: &callbacks).history

        (trainer, callbacks) = try makeTrainer()
        _ = try trainer.fit(data, validation: data, epochs: 2, batchSize: 6, callbacks: &callbacks,
                            checkpoint: ModelCheckpoint(directory: directory))
        (trainer, callbacks) = try makeTrainer()
        let checkpoint = try TrainingCheckpoint.load(from: directory)
        #expect(checkpoint.metadata.epoch == 2)
        try checkpoint.restore(into: trainer, batchSize: 6, callbacks: &callbacks)
        let resumed = try trainer.fit(data, validation: data, epochs: 5, initialEpoch: 2, batchSize: 6, callbacks: &callbacks).history

        #expect(resumed.map { $0["epoch"] } == [3, 4, 5])
        for (expected, actual) in zip(uninterrupted.suffix(3), resumed) {
            for key in compared { #expect(expected[key] == actual[key], "\(key) at epoch \(expected["epoch"]!)") }
        }
        // The plateau callback's counters came back too: the lr dropped during the run.
        #expect(Set(uninterrupted.map { $0["lr"]! }).count > 1)
    }

    @Test func checkpointWeightsArePlainAndNamedByLayer() throws {
        let data = tinyDataset()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("weights-\(UUID().uuidString)")
        var (trainer, callbacks) = try makeTrainer()
        _ = try trainer.fit(data, validation: data, epochs: 1, batchSize: 6, callbacks: &callbacks,
                            checkpoint: ModelCheckpoint(directory: directory))
        let checkpoint = try TrainingCheckpoint.load(from: directory, name: "best")
        #expect(checkpoint.weights["layers.0.kernel"]?.shape == [4, 3, 3, 3])
        #expect(checkpoint.slots.keys.contains("m/layers.0.kernel"))
        let plain = try trainer.network.layers[0].parameters[0].value.plainValues(engine: trainer.network.engine)
        #expect(checkpoint.weights["layers.0.kernel"]?.values == plain)
    }

    @Test func aMissingCheckpointSaysSo() {
        #expect(throws: CheckpointError.self) { try TrainingCheckpoint.load(from: URL(fileURLWithPath: "/nonexistent")) }
    }
}
