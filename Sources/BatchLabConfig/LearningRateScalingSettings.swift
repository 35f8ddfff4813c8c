/// How the learning rate follows the batch size: `rule` applied to `base_lr` (default: the
/// optimizer's `lr`) tuned at `base_batch_size`.
public struct LearningRateScalingSettings: Settings {
    public var rule: LearningRateScaling = .none
    /// The batch size the base rate was tuned for.
    public var baseBatchSize = 32
    /// The rate tuned at `base_batch_size`; nil: `optimizer.lr`.
    public var baseLR: Double?

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("rule", \.rule), .init("base_batch_size", \.baseBatchSize), .init("base_lr", \.baseLR),
    ]

    func validate() throws {
        try require(baseBatchSize, in: 1...Limits.trainingImages, "lr_scaling.base_batch_size")
        if let baseLR { try require(baseLR.isFinite && baseLR > 0, "lr_scaling.base_lr", "must be a positive number (got \(baseLR))") }
    }
}


