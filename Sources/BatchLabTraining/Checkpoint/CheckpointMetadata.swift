import Foundation

/// The JSON half of a checkpoint: where training stood after an epoch, so that a resumed run
/// repeats an uninterrupted one exactly.
public struct CheckpointMetadata: Codable, Equatable {
    /// The last completed epoch.
    public var epoch: Int
    /// The trainer's step counter and shuffling generator.
    public var progress: Trainer.Progress
    public var learningRate: Float
    public var optimizerIterations: Int
    /// Each stateful callback's counters, as JSON text, by its key.
    public var callbacks: [String: String]
    /// The epoch's logs, as JSON text.
    public var logs: String
    /// The monitored value and the best seen so far (for the "best" checkpoint).
    public var monitor: String
    public var best: Double?
}
