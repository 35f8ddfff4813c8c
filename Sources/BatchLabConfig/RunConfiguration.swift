import BatchLabNN

/// Everything that defines one training run, in one validated value: what `batchlab train` flags
/// set, what a config file holds (`--config`, `--print-config`), what a sweep varies and what the
/// store keeps for `--resume`, report and dashboard.
///
/// Every default is declared here, once: a key missing from a file keeps it. Keys are snake_case,
/// nested in sections (`optimizer.lr`, `callbacks.reduce_lr_on_plateau.patience`). `validate()`
/// checks every range and names the key.
public struct RunConfiguration: Settings {
    /// A registered model (`batchlab models`), or a list of layers.
    public var model: ModelConfiguration = "seed-cnn"
    public var data = DataSettings()
    public var optimizer = OptimizerSettings()
    /// Examples per training step.
    public var batchSize = 32
    /// Passes over the training set.
    public var epochs = 50
    /// Seed for initial weights, shuffling and dropout.
    public var seed: UInt64 = 0
    /// Threads for the math; nil: all cores. A recorded run keeps the count it used.
    public var threads: Int?
    public var lrScaling = LearningRateScalingSettings()
    public var schedule = ScheduleSettings()
    public var callbacks = CallbackSettings()
    public var logging = LoggingSettings()

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("model", \.model), .init("data", \.data), .init("optimizer", \.optimizer), .init("batch_size", \.batchSize),
        .init("epochs", \.epochs), .init("seed", \.seed), .init("threads", \.threads), .init("lr_scaling", \.lrScaling),
        .init("schedule", \.schedule), .init("callbacks", \.callbacks), .init("logging", \.logging),
    ]

    /// Checks every setting's range; the error names the first key out of range.
    public func validate() throws {
        try model.validate()
        try data.validate()
        try optimizer.validate()
        try require(batchSize, in: 1...Limits.trainingImages, "batch_size")
        try require(epochs, in: 1...Limits.epochs, "epochs")
        if let threads { try require(threads, in: 1...Limits.threads, "threads") }
        try lrScaling.validate()
        // Decoupled decay multiplies the weights by 1 − lr·λ each step, at the rate trained with.
        try require(optimizer.weightDecay * learningRate < 1, "optimizer.weight_decay",
                    "times the lr must stay below 1, or each step would flip the weights' sign (got \(optimizer.weightDecay) × \(learningRate))")
        try schedule.validate()
        try require(schedule.warmupEpochs <= epochs, "schedule.warmup_epochs", "must be at most the run's epochs (\(epochs); got \(schedule.warmupEpochs))")
        try callbacks.validate(hasSchedule: schedule.name != .constant)
        try logging.validate()
    }

    /// The rate the run asks for: `lr_scaling.base_lr` when given, else `optimizer.lr` (with rule
    /// `none`, the rate it trains at: so a sweep can compare `none` with the rules at one base rate).
    public var requestedLearningRate: Double {
        lrScaling.baseLR ?? optimizer.lr
    }

    /// The rate the run trains at: the requested rate scaled from `base_batch_size` to `batch_size`.
    public var learningRate: Double {
        lrScaling.rule.effectiveLearningRate(base: requestedLearningRate, baseBatchSize: lrScaling.baseBatchSize, batchSize: batchSize)
    }

    /// Where a warmup starts: the requested rate when scaling (Goyal et al.), else 0.
    public var warmupStartLearningRate: Double {
        lrScaling.rule == .none ? 0 : requestedLearningRate
    }
}
