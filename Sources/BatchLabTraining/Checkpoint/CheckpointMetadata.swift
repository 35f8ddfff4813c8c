import Foundation

/// The JSON half of a checkpoint (`last.json`, `best.json`): where training stood after an
/// epoch, so that a resumed run repeats an uninterrupted one exactly, and which tensor file
/// holds its weights and optimizer state.
public struct CheckpointMetadata: Codable, Equatable {
    /// The last completed epoch.
    public var epoch: Int
    /// The safetensors file, beside this JSON, with the weights, optimizer slots and callback tensors.
    public var tensors: String
    /// The trainer's step counter and shuffling generator.
    public var progress: Trainer.Progress
    public var learningRate: Float
    /// The optimizer's update count (Adam's bias correction depends on it).
    public var optimizerIterations: Int
    /// Each stateful callback's counters, as JSON text, by its key.
    public var callbacks: [String: String]
    /// The epoch's logs, as JSON text.
    public var logs: String
    /// The monitored value and the best seen so far (for the "best" checkpoint).
    public var monitor: String
    public var best: Double?

    /// What makes these values impossible for a checkpoint `ModelCheckpoint` wrote, if anything.
    var problem: String? {
        if epoch < 1 { return "epoch must be at least 1 (got \(epoch))" }
        if !(learningRate.isFinite && learningRate > 0) { return "learningRate must be a positive number (got \(learningRate))" }
        if optimizerIterations < 0 { return "optimizerIterations must not be negative (got \(optimizerIterations))" }
        if progress.step < UInt64(epoch) { return "step \(progress.step) is fewer than one per epoch for \(epoch) epochs" }
        if UInt64(optimizerIterations) > progress.step {
            return "optimizerIterations \(optimizerIterations) exceeds the steps taken (\(progress.step))"
        }
        if (try? JSONSerialization.jsonObject(with: Data(logs.utf8))) as? [String: Any] == nil {
            return "logs must be the epoch's logs as a JSON object"
        }
        return nil
    }

    /// Encodes non-finite numbers (a best of +∞ before any epoch improved) as strings.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
