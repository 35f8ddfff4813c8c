import BatchLabCore
import BatchLabNN
import BatchLabOptim
import Foundation
import Testing
@testable import BatchLabTraining

/// A checkpoint edited by hand or damaged on disk is refused with its file's name, never resumed
/// into a wrong run.
@Suite struct CheckpointValidationTests {
    /// Two epochs of the tiny model (3 steps each), checkpointed into a fresh folder.
    func savedRun() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")
        let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: try Engine(threads: 1), seed: 3)
        let trainer = Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: 3)
        var callbacks: [any Callback] = []
        _ = try trainer.fit(tinyDataset(), validation: nil, epochs: 2, batchSize: 6, callbacks: &callbacks,
                            checkpoint: ModelCheckpoint(directory: directory))
        return directory
    }

    /// Rewrites `last.json` with `edit` applied to its JSON object.
    func editLast(_ directory: URL, _ edit: (inout [String: Any]) -> Void) throws {
        let url = directory.appendingPathComponent("last.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    func refusal(_ directory: URL, stepsPerEpoch: Int = 3) -> String? {
        do {
            let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: try Engine(threads: 1), seed: 3)
            var callbacks: [any Callback] = []
            try TrainingCheckpoint.load(from: directory).restore(
                into: Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: 3),
                batchSize: 6, stepsPerEpoch: stepsPerEpoch, callbacks: &callbacks)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func anIntactCheckpointRestores() throws {
        #expect(refusal(try savedRun()) == nil)
    }

    @Test(arguments: [
        ("learningRate", -1.0, "learningRate must be a positive number (got -1.0)"),
        ("optimizerIterations", -5.0, "optimizerIterations must not be negative (got -5)"),
        ("optimizerIterations", 7.0, "optimizerIterations 7 exceeds the steps taken (6)"),
        ("epoch", 0.0, "epoch must be at least 1 (got 0)"),
    ])
    func anImpossibleValueIsRefusedNamingTheFile(key: String, value: Double, message: String) throws {
        let directory = try savedRun()
        try editLast(directory) { $0[key] = value }
        #expect(refusal(directory) == "\(directory.appendingPathComponent("last.json").path): \(message)")
    }

    @Test func aStepCountBeyondTheEpochsIsRefused() throws {
        let directory = try savedRun()
        try editLast(directory) { object in
            var progress = object["progress"] as! [String: Any]
            progress["step"] = 1_000_000_000_000
            object["progress"] = progress
        }
        #expect(refusal(directory) == "\(directory.appendingPathComponent("last.json").path): step 1000000000000 is more than 2 epochs of 3 steps take")
    }

    @Test func aTruncatedJSONIsRefusedNamingTheFile() throws {
        let directory = try savedRun()
        let url = directory.appendingPathComponent("last.json")
        try Data(try Data(contentsOf: url).prefix(40)).write(to: url)
        let message = try #require(refusal(directory))
        #expect(message == "\(url.path) is not a checkpoint: it is not valid JSON")
    }

    @Test func nonFiniteWeightsAreRefused() throws {
        let directory = try savedRun()
        let name = try TrainingCheckpoint.metadata(in: directory, name: "last").tensors
        let url = directory.appendingPathComponent(name)
        let file = try SafeTensors.decode(Data(contentsOf: url), name: url.path)
        var tensors = file.tensors.sorted { $0.key < $1.key }.map { (name: $0.key, tensor: $0.value) }
        let kernel = tensors.firstIndex { $0.name == "layers.0.kernel" }!
        tensors[kernel].tensor.values[5] = .nan
        try SafeTensors.encode(tensors, metadata: file.metadata).write(to: url)
        #expect(refusal(directory) == "\(url.path): layers.0.kernel holds values that are not finite (NaN or ∞)")
    }

    @Test func aMissingOrForeignTensorFileIsRefused() throws {
        let directory = try savedRun()
        let name = try TrainingCheckpoint.metadata(in: directory, name: "last").tensors
        try editLast(directory) { $0["tensors"] = "../../etc/passwd" }
        #expect(refusal(directory)?.hasSuffix("tensors must name a .safetensors file beside it (got '../../etc/passwd')") == true)
        try editLast(directory) { $0["tensors"] = name }
        try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
        #expect(refusal(directory) == "\(directory.appendingPathComponent(name).path) does not exist")
    }
}
