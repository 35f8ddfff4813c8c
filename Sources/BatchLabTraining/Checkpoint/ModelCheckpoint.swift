import BatchLabCore
import BatchLabNN
import Foundation

/// Saves training after every epoch into `directory` — Keras's `ModelCheckpoint`, keeping both
/// the last epoch and the best one by `monitor`:
///
///     epoch-0007.safetensors   weights (plain layout, `layers.<index>.<parameter>`), optimizer
///                              slots (`optimizer/<slot>/<weight>`), callback tensors
///                              (`callbacks/<key>/<name>`)
///     last.json, best.json     epoch, step, shuffling RNG, lr, callback counters, logs, and the
///                              name of their epoch's tensor file
///
/// Every file is written under a temporary name, flushed to disk and renamed; the JSON goes last
/// and tensor files no JSON names are deleted after it. A process killed at any moment leaves
/// `last.json` naming a complete epoch. Given to `Trainer.fit` rather than the callback list,
/// because it saves the trainer's and the other callbacks' state too.
public final class ModelCheckpoint {
    public let directory: URL
    public let monitor: String
    public let mode: MonitorMode
    public private(set) var best: Double?

    public init(directory: URL, monitor: String = "val_loss", mode: MonitorMode = .auto) {
        self.directory = directory
        self.monitor = monitor
        self.mode = mode.resolved(for: monitor)
    }

    /// Continues from a resumed checkpoint's best value, so a worse epoch does not replace "best".
    public func resume(best: Double?) { self.best = best }

    func save(epoch: Int, logs: EpochLogs, trainer: Trainer, callbacks: [any Callback]) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let current = logs[monitor]
        let improved = current.map { value in best.map { mode.isImprovement(value, over: $0, minDelta: 0) } ?? value.isFinite } ?? false
        if improved { best = current }
        let tensorsName = String(format: "epoch-%04d.safetensors", epoch)
        let saved = try callbacks.compactMap(savedState)
        let metadata = CheckpointMetadata(
            epoch: epoch, tensors: tensorsName, progress: trainer.progress, learningRate: trainer.learningRate,
            optimizerIterations: trainer.optimizer.iterations,
            callbacks: Dictionary(uniqueKeysWithValues: saved.map { ($0.key, $0.json) }),
            logs: logs.jsonLine(), monitor: monitor, best: best)
        let tensors = try TrainingCheckpoint.tensors(network: trainer.network, optimizer: trainer.optimizer,
                                                     callbackTensors: saved.map { ($0.key, $0.tensors) })
        try durableWrite(try SafeTensors.encode(tensors, metadata: ["epoch": "\(epoch)"]), to: tensorsName)
        let json = try CheckpointMetadata.encoder.encode(metadata)
        try durableWrite(json, to: "last.json")
        if improved { try durableWrite(json, to: "best.json") }
        try removeUnreferencedTensorFiles()
    }

    private func durableWrite(_ data: Data, to name: String) throws {
        let path = directory.appendingPathComponent(name).path
        do {
            try UserFile.write(data, to: path, durable: true)
        } catch {
            throw CheckpointError("\(path) \(error)")
        }
    }

    /// Deletes epoch tensor files that neither `last.json` nor `best.json` names.
    private func removeUnreferencedTensorFiles() throws {
        let kept = Set(["last", "best"].compactMap { try? TrainingCheckpoint.metadata(in: directory, name: $0).tensors })
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path)
        where file.hasPrefix("epoch-") && file.hasSuffix(".safetensors") && !kept.contains(file) {
            try FileManager.default.removeItem(at: directory.appendingPathComponent(file))
        }
    }
}

/// A stateful callback's key, counters as JSON text, and tensors.
func savedState(_ callback: any Callback) throws -> (key: String, json: String, tensors: [String: [Float]])? {
    guard let stateful = callback as? any StatefulCallback else { return nil }
    return try savedState(of: stateful)
}

private func savedState<C: StatefulCallback>(of callback: C) throws -> (key: String, json: String, tensors: [String: [Float]]) {
    let json = String(decoding: try CheckpointMetadata.encoder.encode(callback.checkpointState), as: UTF8.self)
    return (callback.stateKey, json, callback.checkpointTensors)
}

/// `callback` with its counters and tensors put back from a checkpoint.
func restoringState(_ callback: any Callback, from saved: [String: String],
                    tensors: [String: [String: [Float]]]) throws -> any Callback {
    guard let stateful = callback as? any StatefulCallback else { return callback }
    return try restoring(stateful, from: saved, tensors: tensors)
}

private func restoring<C: StatefulCallback>(_ callback: C, from saved: [String: String],
                                            tensors: [String: [String: [Float]]]) throws -> any Callback {
    guard let json = saved[callback.stateKey] else { return callback }
    var restored = callback
    restored.checkpointState = try CheckpointMetadata.decoder.decode(C.State.self, from: Data(json.utf8))
    restored.checkpointTensors = tensors[callback.stateKey] ?? [:]
    return restored
}
