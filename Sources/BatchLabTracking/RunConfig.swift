import BatchLabConfig
import Foundation

/// A run's settings as listings, report and dashboard tables show them: model, optimizer, learning
/// rates, batch size, data and callbacks, drawn from its configuration when it was recorded.
/// Stored as JSON with the run; what repeats a run is its `RunConfiguration` (for runs recorded
/// before the store kept one, the `train` arguments kept here).
public struct RunConfig: Codable, Equatable, Sendable {
    public var model: String
    /// `adam` or `sgd`, and their hyper-parameters (beta1, beta2, epsilon, momentum, nesterov…).
    public var optimizer: String
    public var optimizerParameters: [String: Double]
    /// The learning rate asked for (`--lr`, or `--base-lr` when scaling).
    public var requestedLearningRate: Double
    /// The learning rate trained with, after `--scale-lr`.
    public var learningRate: Double
    /// `none`, `linear` or `sqrt`, with the batch size the requested rate is meant for.
    public var scaleLR: String
    public var baseBatchSize: Int
    public var batchSize: Int
    public var epochs: Int
    public var seed: UInt64
    public var threads: Int
    public var dataDirectory: String
    public var subset: Int?
    public var validationSplit: Double?
    public var preprocessing: String
    /// `cosine`, `step` or `exp`, and linear warmup epochs.
    public var schedule: String?
    public var warmupEpochs: Int
    /// Each callback with its settings, e.g. `ReduceLROnPlateau(monitor: val_loss, factor: 0.1, patience: 10, …)`.
    public var callbacks: [String]
    /// Where checkpoints go, when `--checkpoint-dir` was given.
    public var checkpointDirectory: String?
    /// The validation accuracy the run stops at (`--target-accuracy`), measuring the steps to reach it.
    public var targetAccuracy: Double?
    /// The `batchlab train` arguments of a run recorded before the store kept configurations
    /// (without store, name and resume flags): `--resume` parses them again. Empty since.
    public var arguments: [String]
    /// A model given as a list of layers: each layer in brief (`Conv2D(32, 3×3, same, relu)`).
    public var layers: [String]?

    public init(model: String, optimizer: String, optimizerParameters: [String: Double] = [:],
                requestedLearningRate: Double, learningRate: Double, scaleLR: String = "none", baseBatchSize: Int = 32,
                batchSize: Int, epochs: Int, seed: UInt64 = 0, threads: Int = 1, dataDirectory: String = "",
                subset: Int? = nil, validationSplit: Double? = nil, preprocessing: String = "scale",
                schedule: String? = nil, warmupEpochs: Int = 0, callbacks: [String] = [], checkpointDirectory: String? = nil,
                targetAccuracy: Double? = nil, arguments: [String] = [], layers: [String]? = nil) {
        self.model = model
        self.optimizer = optimizer
        self.optimizerParameters = optimizerParameters
        self.requestedLearningRate = requestedLearningRate
        self.learningRate = learningRate
        self.scaleLR = scaleLR
        self.baseBatchSize = baseBatchSize
        self.batchSize = batchSize
        self.epochs = epochs
        self.seed = seed
        self.threads = threads
        self.dataDirectory = dataDirectory
        self.subset = subset
        self.validationSplit = validationSplit
        self.preprocessing = preprocessing
        self.schedule = schedule
        self.warmupEpochs = warmupEpochs
        self.callbacks = callbacks
        self.checkpointDirectory = checkpointDirectory
        self.targetAccuracy = targetAccuracy
        self.arguments = arguments
        self.layers = layers
    }

    /// The config as ordered (key, value) pairs, numbers as numbers: what listings sort and filter by.
    public var values: [(key: String, value: ConfigValue)] {
        var values: [(String, ConfigValue)] = [("model", .text(model))]
        if let layers { values.append(("layers", .text(layers.joined(separator: " → ")))) }
        values += [
            ("optimizer", .text(optimizer)),
            ("lr", .number(learningRate)), ("requested_lr", .number(requestedLearningRate)),
            ("scale_lr", .text(scaleLR)), ("base_batch_size", .integer(baseBatchSize)),
            ("batch_size", .integer(batchSize)), ("epochs", .integer(epochs)),
            ("seed", Int(exactly: seed).map(ConfigValue.integer) ?? .text("\(seed)")), ("threads", .integer(threads)),
            ("data", .text(dataDirectory)), ("subset", subset.map(ConfigValue.integer) ?? .text("all")),
            ("validation", .text(DataSettings.validationSource(split: validationSplit))), ("preprocessing", .text(preprocessing)),
            ("schedule", .text(schedule ?? "constant")), ("warmup_epochs", .integer(warmupEpochs)),
        ]
        for key in optimizerParameters.keys.sorted() { values.append((key, .number(optimizerParameters[key]!))) }
        values.append(("callbacks", .text(callbacks.isEmpty ? "none" : callbacks.joined(separator: "; "))))
        if let targetAccuracy { values.append(("target_accuracy", .number(targetAccuracy))) }
        if let checkpointDirectory { values.append(("checkpoint_dir", .text(checkpointDirectory))) }
        return values
    }

    /// The config as ordered (key, value) text pairs, for tables and CSV.
    public var entries: [(key: String, value: String)] {
        values.map { ($0.key, $0.value.description) }
    }
}
