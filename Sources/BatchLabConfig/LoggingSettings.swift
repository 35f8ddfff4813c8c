/// What a run writes besides the store's epochs.
public struct LoggingSettings: Settings {
    /// Record the training loss every N steps.
    public var logEverySteps = 10
    /// Also append one JSON object per epoch to this file.
    public var metricsOut: String?

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("log_every_steps", \.logEverySteps), .init("metrics_out", \.metricsOut),
    ]

    func validate() throws {
        try require(logEverySteps, in: 1...Limits.logEverySteps, "logging.log_every_steps")
    }
}
