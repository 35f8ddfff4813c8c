/// One checked value of a sweep parameter, typed as the parameter's `RunSpec` field.
public enum SweepValue: Equatable, Sendable, CustomStringConvertible {
    case text(String)
    case integer(Int)
    case unsigned(UInt64)
    case real(Double)
    case flag(Bool)
    /// YAML null (`null`, `~` or nothing), for the optional fields: subset, validation_split,
    /// base_lr, schedule, threads.
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
