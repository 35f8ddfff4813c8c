import ArgumentParser
import BatchLabConfig

/// Flags laid over a configuration (the defaults, or a `--config` file). It remembers which flag
/// set which key, so an error about a key names the flag the user typed.
struct FlagOverrides {
    var configuration: RunConfiguration
    /// Configuration key → the flag that set it.
    private(set) var flags: [String: String] = [:]

    init(_ configuration: RunConfiguration = RunConfiguration()) {
        self.configuration = configuration
    }

    /// Sets the key at `path` when the flag was given.
    mutating func set<T>(_ value: T?, _ flag: String, _ key: String, _ path: WritableKeyPath<RunConfiguration, T>) {
        guard let value else { return }
        configuration[keyPath: path] = value
        flags[key] = flag
    }

    /// Sets an optional key when the flag was given (a flag never clears one).
    mutating func set<T>(given value: T?, _ flag: String, _ key: String, _ path: WritableKeyPath<RunConfiguration, T?>) {
        guard let value else { return }
        configuration[keyPath: path] = value
        flags[key] = flag
    }

    /// Turns an optional section (a callback) on with its defaults, or off, when the switch was given.
    mutating func toggle<Section>(_ on: Bool?, _ flag: String, _ key: String, _ path: WritableKeyPath<RunConfiguration, Section?>,
                                  defaults: Section) {
        guard let on else { return }
        if !on { configuration[keyPath: path] = nil } else if configuration[keyPath: path] == nil { configuration[keyPath: path] = defaults }
        flags[key] = flag
    }

    /// Sets a key of an optional section, which must be on: a setting of a feature that is off is
    /// an error rather than silently ignored.
    mutating func set<Section, T>(_ value: T?, _ flag: String, _ key: String, in section: WritableKeyPath<RunConfiguration, Section?>,
                                  _ path: WritableKeyPath<Section, T>, requires switchFlag: String) throws {
        guard let value else { return }
        guard configuration[keyPath: section] != nil else { throw ValidationError("\(flag) has no effect without \(switchFlag)") }
        configuration[keyPath: section]![keyPath: path] = value
        flags[key] = flag
    }

    /// Names the flag of a key a command sets itself (lr-find's list of batch sizes).
    mutating func name(_ key: String, flag: String) {
        flags[key] = flag
    }

    /// The configuration, validated; an error names the flag that set the key (as a usage error),
    /// else the key.
    func validated() throws -> RunConfiguration {
        do {
            try configuration.validate()
        } catch let error as ConfigurationError {
            throw flags[error.key] != nil ? ValidationError(describe(error)) : CommandError(describe(error))
        }
        return configuration
    }

    /// `error` in the user's terms: with the flag's name when a flag set the key.
    func describe(_ error: ConfigurationError) -> String {
        flags[error.key].map { "\($0) \(error.message)" } ?? error.description
    }

    /// Runs `body`, naming the flag in any `ConfigurationError` it throws.
    func naming<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ConfigurationError {
            throw CommandError(describe(error))
        }
    }
}
