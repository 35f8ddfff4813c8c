import BatchLabCore
import BatchLabNN
import Foundation

/// Saves training after every epoch into `directory` — Keras's `ModelCheckpoint`, keeping both
/// the last epoch and the best one by `monitor`:
///
///     last.safetensors            weights, plain layout, named layers.<index>.<parameter>
///     last-optimizer.safetensors  optimizer slots (Adam's m and v) named <slot>/<weight name>
///     last.json                   epoch, step, shuffling RNG, lr, callback counters, logs
///     best.…                      the same for the best epoch so far
///
/// Each file is written to a temporary name and renamed, the JSON last: a checkpoint whose JSON
/// exists is complete. Given to `Trainer.fit` rather than the callback list, because it saves the
/// trainer's and the other callbacks' state too.
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
        let metadata = CheckpointMetadata(
            epoch: epoch, progress: trainer.progress, learningRate: trainer.optimizer.learningRate,
            optimizerIterations: trainer.optimizer.iterations,
            callbacks: try Dictionary(uniqueKeysWithValues: callbacks.compactMap(encodedState)),
            logs: logs.jsonLine(), monitor: monitor, best: best)
        let files = try TrainingCheckpoint.files(network: trainer.network, optimizer: trainer.optimizer, metadata: metadata)
        try write(files, as: "last")
        if improved { try write(files, as: "best") }
    }

    private func write(_ files: TrainingCheckpoint.Files, as name: String) throws {
        try atomicWrite(files.weights, to: directory.appendingPathComponent("\(name).safetensors"))
        try atomicWrite(files.optimizer, to: directory.appendingPathComponent("\(name)-optimizer.safetensors"))
        try atomicWrite(files.metadata, to: directory.appendingPathComponent("\(name).json"))
    }

    private func atomicWrite(_ data: Data, to url: URL) throws {
        let temporary = url.appendingPathExtension("partial")
        try data.write(to: temporary)
        guard rename(temporary.path, url.path) == 0 else {
            throw CheckpointError("cannot move \(temporary.path) to \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}

/// A stateful callback's key and counters as JSON text.
func encodedState(_ callback: any Callback) throws -> (String, String)? {
    guard let stateful = callback as? any StatefulCallback else { return nil }
    return try encodedState(of: stateful)
}

private func encodedState<C: StatefulCallback>(of callback: C) throws -> (String, String) {
    (callback.stateKey, String(decoding: try JSONEncoder().encode(callback.checkpointState), as: UTF8.self))
}

/// `callback` with its counters put back from `json`.
func restoringState(_ callback: any Callback, from saved: [String: String]) throws -> any Callback {
    guard let stateful = callback as? any StatefulCallback else { return callback }
    return try restoring(stateful, from: saved)
}

private func restoring<C: StatefulCallback>(_ callback: C, from saved: [String: String]) throws -> any Callback {
    guard let json = saved[callback.stateKey] else { return callback }
    var restored = callback
    restored.checkpointState = try JSONDecoder().decode(C.State.self, from: Data(json.utf8))
    return restored
}
