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
        return (Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: 3), callbacks)
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
        try checkpoint.restore(into: trainer, batchSize: 6, stepsPerEpoch: 3, callbacks: &callbacks)
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
        #expect(checkpoint.tensors["layers.0.kernel"]?.shape == [4, 3, 3, 3])
        #expect(checkpoint.tensors.keys.contains("optimizer/m/layers.0.kernel"))
        let plain = try trainer.network.layers[0].parameters[0].value.plainValues(engine: trainer.network.engine)
        #expect(checkpoint.tensors["layers.0.kernel"]?.values == plain)
    }

    @Test func aMissingCheckpointSaysSo() {
        #expect(throws: CheckpointError.self) { try TrainingCheckpoint.load(from: URL(fileURLWithPath: "/nonexistent")) }
    }
}

@Suite struct ModelCheckpointTests {
    func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID().uuidString)")
    }

    @Test func restoresTheBestEpochsWeightsAtTheEndAsTheBestCheckpointHasThem() throws {
        let data = tinyDataset()
        let folder = directory()
        let engine = try Engine(threads: 1)
        let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: engine, seed: 4)
        // lr 0.05 makes val_loss wander, so the best epoch is not the last.
        let trainer = Trainer(network: network, optimizer: Adam(), learningRate: 0.05, seed: 4)
        var callbacks: [any Callback] = [EarlyStopping(patience: 100, restoreBestWeights: network)]
        let history = try trainer.fit(data, validation: data, epochs: 8, batchSize: 6, callbacks: &callbacks,
                                      checkpoint: ModelCheckpoint(directory: folder)).history
        let losses = history.map { $0["val_loss"]! }
        let bestEpoch = losses.indices.min { losses[$0] < losses[$1] }! + 1
        let best = try TrainingCheckpoint.load(from: folder, name: "best")
        #expect(best.metadata.epoch == bestEpoch)
        let restored = try network.layers[0].parameters[0].value.plainValues(engine: engine)
        #expect(restored == best.tensors["layers.0.kernel"]?.values)
        // Only the files last.json and best.json name are kept.
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("epoch-") }.sorted()
        #expect(files == Set([bestEpoch, 8]).sorted().map { String(format: "epoch-%04d.safetensors", $0) })
    }

    @Test func aMonitorThatNeverAppearsDoesNotBreakSaving() throws {
        let data = tinyDataset()
        let folder = directory()
        let engine = try Engine(threads: 1)
        let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: engine, seed: 4)
        let trainer = Trainer(network: network, optimizer: Adam(), learningRate: 0.001, seed: 4)
        var callbacks: [any Callback] = [ReduceLROnPlateau(monitor: "val_missing")]
        _ = try trainer.fit(data, validation: nil, epochs: 2, batchSize: 6, callbacks: &callbacks,
                            checkpoint: ModelCheckpoint(directory: folder))
        let last = try TrainingCheckpoint.load(from: folder)
        #expect(last.metadata.epoch == 2 && last.metadata.callbacks["ReduceLROnPlateau"]?.contains("inf") == true)
    }
}
