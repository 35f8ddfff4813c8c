import BatchLabCore
import BatchLabNN
import BatchLabOptim
import Foundation

/// A checkpoint read back from disk (see `ModelCheckpoint` for the files).
public struct TrainingCheckpoint {
    /// Every tensor of the epoch's file: weights, optimizer slots, callback tensors.
    public var tensors: [String: SafeTensors.Tensor]
    public var metadata: CheckpointMetadata
    /// The JSON file it was read from, which errors name.
    public var source: String

    /// `layers.<index>.<parameter>`, in the network's order.
    static func namedParameters(_ network: Network) -> [(name: String, parameter: Parameter)] {
        network.layers.enumerated().flatMap { index, layer in
            layer.parameters.map { ("layers.\(index).\($0.name)", $0) }
        }
    }

    /// The tensors of a checkpoint: weights and optimizer slots in plain layouts, callback tensors as saved.
    static func tensors(network: Network, optimizer: any Optimizer,
                        callbackTensors: [(key: String, tensors: [String: [Float]])]) throws -> [(name: String, tensor: SafeTensors.Tensor)] {
        let engine = network.engine
        let named = namedParameters(network)
        var tensors = try named.map { name, parameter in
            (name, SafeTensors.Tensor(shape: parameter.shape, values: try parameter.value.plainValues(engine: engine)))
        }
        // Optimizer slots follow the trainable parameters, in their physical layouts.
        let trainable = named.filter { $0.parameter.trainable }
        for (slotName, buffers) in optimizer.slots.sorted(by: { $0.key < $1.key }) {
            for ((name, parameter), buffer) in zip(trainable, buffers) {
                let physical = Tensor(parameter.value.desc, engine: engine)
                _ = physical.floats.update(fromContentsOf: buffer)
                tensors.append(("optimizer/\(slotName)/\(name)",
                                SafeTensors.Tensor(shape: parameter.shape, values: try physical.plainValues(engine: engine))))
            }
        }
        for (key, values) in callbackTensors {
            for name in values.keys.sorted() {
                tensors.append(("callbacks/\(key)/\(name)", SafeTensors.Tensor(shape: [values[name]!.count], values: values[name]!)))
            }
        }
        return tensors
    }

    static func metadata(in directory: URL, name: String) throws -> CheckpointMetadata {
        let json = directory.appendingPathComponent("\(name).json")
        guard FileManager.default.fileExists(atPath: json.path) else {
            throw CheckpointError("no checkpoint \(json.path): the run saved none (was it trained with --checkpoint-dir?)")
        }
        let metadata: CheckpointMetadata
        do {
            metadata = try CheckpointMetadata.decoder.decode(CheckpointMetadata.self, from: try readFile(json))
        } catch let error as DecodingError {
            throw CheckpointError("\(json.path) is not a checkpoint: \(error.shortDescription)")
        }
        if let problem = metadata.problem { throw CheckpointError("\(json.path): \(problem)") }
        return metadata
    }

    /// The bytes of `url`, or an error naming it (rather than Foundation's numbered ones).
    static func readFile(_ url: URL, limit: Int = UserFile.textLimit) throws -> Data {
        do {
            return try UserFile.read(url.path, limit: limit)
        } catch {
            throw CheckpointError("\(url.path) \(error)")
        }
    }

    /// Whether `directory` holds checkpoint `name`.
    public static func exists(in directory: URL, name: String = "last") -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(name).json").path)
    }

    /// Reads checkpoint `name` ("last" or "best") from `directory`.
    public static func load(from directory: URL, name: String = "last") throws -> TrainingCheckpoint {
        let metadata = try metadata(in: directory, name: name)
        guard metadata.tensors == URL(fileURLWithPath: metadata.tensors).lastPathComponent, metadata.tensors.hasSuffix(".safetensors") else {
            throw CheckpointError("\(directory.appendingPathComponent("\(name).json").path): tensors must name a .safetensors file beside it (got '\(metadata.tensors)')")
        }
        let url = directory.appendingPathComponent(metadata.tensors)
        // Weights, optimizer slots and callback tensors of a network CIFAR-10 fits: far below 4 GiB.
        let file = try SafeTensors.decode(readFile(url, limit: 4 << 30), name: url.path)
        guard file.metadata["epoch"] == "\(metadata.epoch)" else {
            throw CheckpointError("\(url.path) is not from epoch \(metadata.epoch) like \(name).json")
        }
        for name in file.tensors.keys.sorted() where !file.tensors[name]!.values.allSatisfy(\.isFinite) {
            throw CheckpointError("\(url.path): \(name) holds values that are not finite (NaN or ∞)")
        }
        return TrainingCheckpoint(tensors: file.tensors, metadata: metadata, source: directory.appendingPathComponent("\(name).json").path)
    }

    /// Puts the weights, optimizer state, trainer progress and callback state back. Builds the
    /// training plan for `batchSize` first: it fixes the parameters' layouts, which the optimizer
    /// state must match. `stepsPerEpoch` bounds the step counter the checkpoint may hold.
    public func restore(into trainer: Trainer, batchSize: Int, stepsPerEpoch: Int, callbacks: inout [any Callback]) throws {
        let (most, overflow) = UInt64(max(metadata.epoch, 0)).multipliedReportingOverflow(by: UInt64(max(stepsPerEpoch, 0)))
        guard !overflow, metadata.progress.step <= most else {
            throw CheckpointError("\(source): step \(metadata.progress.step) is more than \(metadata.epoch) epochs of \(stepsPerEpoch) steps take")
        }
        _ = try trainer.network.plan(batchSize: batchSize, training: true)
        let engine = trainer.network.engine
        let named = Self.namedParameters(trainer.network)
        for (name, parameter) in named {
            guard let saved = tensors[name], saved.shape == parameter.shape else {
                throw CheckpointError("\(source): the checkpoint has no weights '\(name)' of shape \(parameter.shape): another model?")
            }
            try parameter.value.setPlainValues(saved.values, engine: engine)
        }
        var slots: [String: [[Float]]] = [:]
        let slotNames = Set(tensors.keys.filter { $0.hasPrefix("optimizer/") }.map { String($0.split(separator: "/")[1]) })
        for slotName in slotNames.sorted() {
            slots[slotName] = try named.filter { $0.parameter.trainable }.map { name, parameter in
                guard let saved = tensors["optimizer/\(slotName)/\(name)"], saved.shape == parameter.shape else {
                    throw CheckpointError("\(source): the checkpoint's optimizer state has no '\(slotName)' for '\(name)'")
                }
                let physical = Tensor(parameter.value.desc, engine: engine)
                try physical.setPlainValues(saved.values, engine: engine)
                return Array(physical.floats)
            }
        }
        try trainer.optimizer.restore(iterations: metadata.optimizerIterations, slots: slots)
        trainer.learningRate = metadata.learningRate
        trainer.progress = metadata.progress
        var callbackTensors: [String: [String: [Float]]] = [:]
        for (name, tensor) in tensors where name.hasPrefix("callbacks/") {
            let parts = name.split(separator: "/", maxSplits: 2).map(String.init)
            callbackTensors[parts[1], default: [:]][parts[2]] = tensor.values
        }
        callbacks = try callbacks.map { try restoringState($0, from: metadata.callbacks, tensors: callbackTensors) }
    }
}

/// A checkpoint that cannot be read or does not fit the model.
public struct CheckpointError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
