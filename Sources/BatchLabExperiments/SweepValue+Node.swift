import Yams

extension SweepValue {
    /// The value as a config file's YAML gives it.
    var node: Node {
        switch self {
        case .text(let text): Node(text, Tag(.str), .doubleQuoted)
        case .integer(let value): Node("\(value)")
        case .unsigned(let value): Node("\(value)")
        case .real(let value): Node("\(value)")
        case .flag(let value): Node(value ? "true" : "false")
        case .null: Node("null", Tag(.null), .plain)
        }
    }
}
