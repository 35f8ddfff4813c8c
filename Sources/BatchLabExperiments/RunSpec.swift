import BatchLabConfig

/// One run of a sweep or a study: its name and its configuration.
public struct RunSpec: Codable, Equatable, Sendable {
    public var name: String
    public var configuration: RunConfiguration

    public init(name: String = "run", configuration: RunConfiguration = RunConfiguration()) {
        self.name = name
        self.configuration = configuration
    }

    /// The epochs it trains (at most).
    public var epochs: Int { configuration.epochs }

    /// The run with `settings` applied in order, a callback's switch after the keys: a callback's
    /// key (`plateau_patience`) turns the callback on, unless the run turns it off
    /// (`reduce_lr_on_plateau: false`); `true` keeps the keys given.
    public func applying(_ settings: [SweepSetting]) throws(ConfigurationError) -> RunSpec {
        var run = self
        let isSwitch = { (setting: SweepSetting) in setting.parameter.appliesAsSwitch(setting.value) }
        for setting in settings.filter({ !isSwitch($0) }) + settings.filter(isSwitch) {
            try setting.parameter.apply(setting.value, to: &run)
        }
        return run
    }

    /// A name built from the swept settings, in order: `lr=0.0001 batch=32`.
    public static func defaultName(for settings: [SweepSetting]) -> String {
        settings.map { "\($0.parameter.label)=\($0.value)" }.joined(separator: " ")
    }
}
