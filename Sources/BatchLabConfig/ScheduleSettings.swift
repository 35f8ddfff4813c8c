/// The learning rate over the run: a decay schedule and a linear warmup.
public struct ScheduleSettings: Settings {
    public enum Kind: String, CaseIterable, Sendable {
        /// The rate stays (ReduceLROnPlateau may lower it).
        case constant
        /// Keras `CosineDecay` to 0 over the steps after warmup.
        case cosine
        /// Multiply by `decay_rate` every `decay_epochs` (staircase).
        case step
        /// Keras `ExponentialDecay`, smooth: lr · decay_rate^(step / decay steps).
        case exp
    }

    public var name: Kind = .constant
    /// step and exp: the factor per `decay_epochs`.
    public var decayRate: Double = 0.5
    public var decayEpochs = 10
    /// Linear warmup over the first N epochs: from `lr_scaling.base_lr` to the scaled lr when
    /// scaling, else from 0 (Goyal et al. 2017's gradual warmup).
    public var warmupEpochs = 0

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("name", \.name), .init("decay_rate", \.decayRate), .init("decay_epochs", \.decayEpochs),
        .init("warmup_epochs", \.warmupEpochs),
    ]

    func validate() throws {
        try require(decayRate > 0 && decayRate <= 1, "schedule.decay_rate", "must be in (0, 1] (got \(decayRate))")
        try require(decayEpochs, in: 1...Limits.epochSpans, "schedule.decay_epochs")
        try require(warmupEpochs, in: 0...Limits.epochs, "schedule.warmup_epochs")
    }
}
