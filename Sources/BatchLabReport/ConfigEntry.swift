/// One row of a run's configuration table: a key and its value, both already formatted.
public struct ConfigEntry: Sendable, Hashable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}
