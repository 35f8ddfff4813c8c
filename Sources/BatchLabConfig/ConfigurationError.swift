/// A configuration setting that is missing, malformed or out of range, named by its dotted key
/// (`optimizer.lr`). The CLI names the flag instead when a flag set the value, and a config file
/// adds its name and line.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    /// The dotted key, e.g. `callbacks.reduce_lr_on_plateau.factor`.
    public var key: String
    /// What was expected, completing a sentence that starts with the key or flag:
    /// "must be a positive number (got -1.0)".
    public var message: String
    /// True when the value is wrong only together with other settings (momentum with Adam):
    /// a sweep checking one value on the defaults leaves it to the whole run's check.
    public var dependsOnOtherSettings = false

    public init(key: String, _ message: String, dependsOnOtherSettings: Bool = false) {
        (self.key, self.message, self.dependsOnOtherSettings) = (key, message, dependsOnOtherSettings)
    }

    public var description: String { "\(key) \(message)" }

    /// A key no section has, with the closest one it has.
    static func unknownKey(path: [String], known: [String]) -> ConfigurationError {
        let key = path.last ?? ""
        let section = path.dropLast().joined(separator: ".")
        let suggestion = Self.closest(to: key, in: known).map { "; did you mean '\(section.isEmpty ? $0 : section + "." + $0)'?" }
            ?? "; the keys here are \(known.joined(separator: ", "))"
        return ConfigurationError(key: path.joined(separator: "."), "is not a configuration key" + suggestion)
    }

    /// The key within edit distance 3 (and under half the length) of `key`, nearest first.
    public static func closest(to key: String, in known: [String]) -> String? {
        let scored = known.map { ($0, editDistance(key, $0)) }.filter { $0.1 <= min(3, max(1, key.count / 2)) }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// Levenshtein distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let (a, b) = (Array(a), Array(b))
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// Range checks that name the key.
func require(_ condition: Bool, _ key: String, _ message: @autoclosure () -> String) throws(ConfigurationError) {
    if !condition { throw ConfigurationError(key: key, message()) }
}

/// A check of `key` against other settings (`ConfigurationError.dependsOnOtherSettings`).
func requireWithOthers(_ condition: Bool, _ key: String, _ message: @autoclosure () -> String) throws(ConfigurationError) {
    if !condition { throw ConfigurationError(key: key, message(), dependsOnOtherSettings: true) }
}

/// A count in `range`, named by its key: "must be ≥ 1 (got 0)", "must be at most 10,000 (got 20000)".
func require(_ value: Int, in range: ClosedRange<Int>, _ key: String) throws(ConfigurationError) {
    try require(value >= range.lowerBound, key, "must be ≥ \(range.lowerBound) (got \(value))")
    try require(value <= range.upperBound, key, "must be at most \(range.upperBound.formatted()) (got \(value))")
}
