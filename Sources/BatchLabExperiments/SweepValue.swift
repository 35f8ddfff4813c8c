/// One checked value of a sweep parameter, typed as its configuration key.
public enum SweepValue: Equatable, Sendable, CustomStringConvertible {
    case text(String)
    case integer(Int)
    case unsigned(UInt64)
    case real(Double)
    case flag(Bool)
    /// YAML null (`null`, `~` or nothing), for the keys that may be null (`data.subset`, a callback).
    case null

    /// The value as a run name shows it; doubles in their shortest round-tripping form.
    public var description: String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return "\(value)"
        case .unsigned(let value): return "\(value)"
        case .real(let value): return "\(value)"
        case .flag(let value): return "\(value)"
        case .null: return "null"
        }
    }
}
