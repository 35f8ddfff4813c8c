/// One value of a run's settings or results as listings sort and filter them: a number stays a
/// number (batch 32 sorts before batch 128), and prints as the tables show it.
public enum ConfigValue: Equatable, Sendable, Encodable, CustomStringConvertible {
    case integer(Int)
    case number(Double)
    case text(String)

    /// The value as tables and CSV show it: `32`, `0.001`, `adam`.
    public var description: String {
        switch self {
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .text(let value): value
        }
    }

    /// The value as a number, for comparisons; nil for text.
    public var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        case .text: nil
        }
    }

    /// A JSON number or string; a non-finite number (never a setting) as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .integer(let value): try container.encode(value)
        case .number(let value) where value.isFinite: try container.encode(value)
        case .number: try container.encodeNil()
        case .text(let value): try container.encode(value)
        }
    }
}
