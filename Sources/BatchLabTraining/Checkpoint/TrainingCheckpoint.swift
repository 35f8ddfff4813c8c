import BatchLabCore
import BatchLabNN
import BatchLabOptim
import Foundation

/// A checkpoint read back from disk, and how one is laid out in files.
public struct TrainingCheckpoint {
    public var weights: [String: SafeTensors.Tensor]
    public var slots: [String: SafeTensors.Tensor]
    public var metadata: CheckpointMetadata

    /// The three files' contents.
    struct Files {
        var weights: Data
        var optimizer: Data
        var metadata: Data
    }

    /// `layers.<index>.<parameter>`, in the network's order.
    static func namedParameters(_ network: Network) -> [(name: String, parameter: Parameter)] {
        network.layers.enumerated().flatMap { index, layer in
            layer.parameters.map { ("layers.\(index).\($0.name)", $0) }
        }
    }

    static func files(network: Network, optimizer: any Optimizer, metadata: CheckpointMetadata) throws -> Files {
        let engine = network.engine
        let named = namedParameters(network)
        let weights = try named.map { name, parameter in
            (name, SafeTensors.Tensor(shape: parameter.shape, values: try parameter.value.plainValues(engine: engine)))
        }
        // Optimizer slots follow the trainable parameters, in their physical layouts.
        let trainable = named.filter { $0.parameter.trainable }
        var slotTensors: [(String, SafeTensors.Tensor)] = []
        for (slotName, buffers) in optimizer.slots.sorted(by: { $0.key < $1.key }) {
            for ((name, parameter), buffer) in zip(trainable, buffers) {
                let physical = Tensor(parameter.value.desc, engine: engine)
                _ = physical.floats.update(fromContentsOf: buffer)
                slotTensors.append(("\(slotName)/\(name)",
                                    SafeTensors.Tensor(shape: parameter.shape, values: try physical.plainValues(engine: engine))))
            }
        }
        let epoch = ["epoch": "\(metadata.epoch)"]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Files(weights: try SafeTensors.encode(weights, metadata: epoch),
                     optimizer: try SafeTensors.encode(slotTensors, metadata: epoch),
                     metadata: try encoder.encode(metadata))
    }

    /// Reads checkpoint `name` ("last" or "best") from `directory`.
    public static func load(from directory: URL, name: String = "last") throws -> TrainingCheckpoint {
        let json = directory.appendingPathComponent("\(name).json")
        guard FileManager.default.fileExists(atPath: json.path) else {
            throw CheckpointError("no checkpoint \(json.path): the run saved none (was it trained with --checkpoint-dir?)")
        }
        let metadata = try JSONDecoder().decode(CheckpointMetadata.self, from: Data(contentsOf: json))
        let weightsURL = directory.appendingPathComponent("\(name).safetensors")
        let slotsURL = directory.appendingPathComponent("\(name)-optimizer.safetensors")
        let weights = try SafeTensors.decode(Data(contentsOf: weightsURL), name: weightsURL.path)
        let slots = try SafeTensors.decode(Data(contentsOf: slotsURL), name: slotsURL.path)
        for (url, file) in [(weightsURL, weights), (slotsURL, slots)] where file.metadata["epoch"] != "\(metadata.epoch)" {
            throw CheckpointError("\(url.path) is not from epoch \(metadata.epoch) like \(json.lastPathComponent)")
        }
        return TrainingCheckpoint(weights: weights.tensors, slots: slots.tensors, metadata: metadata)
    }

    /// Puts the weights, optimizer state, trainer progress and callback counters back. Builds the
    /// training plan for `batchSize` first: it fixes the parameters' layouts, which the optimizer
    /// state must match.
    public func restore(into trainer: Trainer, batchSize: Int, callbacks: inout [any Callback]) throws {
        _ = try trainer.network.plan(batchSize: batchSize, training: true)
        let engine = trainer.network.engine
        let named = Self.namedParameters(trainer.network)
        for (name, parameter) in named {
            guard let saved = weights[name], saved.shape == parameter.shape else {
                throw CheckpointError("the checkpoint has no weights '\(name)' of shape \(parameter.shape): another model?")
            }
            try parameter.value.setPlainValues(saved.values, engine: engine)
        }
        var slotBuffers: [String: [[Float]]] = [:]
        let slotNames = Set(slots.keys.compactMap { $0.split(separator: "/").first.map(String.init) })
        for slotName in slotNames.sorted() {
            slotBuffers[slotName] = try named.filter { $0.parameter.trainable }.map { name, parameter in
                guard let saved = slots["\(slotName)/\(name)"], saved.shape == parameter.shape else {
                    throw CheckpointError("the checkpoint's optimizer state has no '\(slotName)/\(name)'")
                }
                let physical = Tensor(parameter.value.desc, engine: engine)
                try physical.setPlainValues(saved.values, engine: engine)
                return Array(physical.floats)
            }
        }
        try trainer.optimizer.restore(iterations: metadata.optimizerIterations, slots: slotBuffers)
        trainer.optimizer.learningRate = metadata.learningRate
        trainer.progress = metadata.progress
        callbacks = try callbacks.map { try restoringState($0, from: metadata.callbacks) }
    }
}

public struct CheckpointError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
