import Yams

extension YamlError {
    /// Yams's multi-line parse error as one message and the line it is on.
    public func located(in text: String) -> (line: Int, message: String) {
        switch self {
        case let .composer(context?, problem, mark, _):
            return (mark.line, "malformed YAML: \(context.text) \(problem)")
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let during = context.map { " (\($0.text) that starts on line \($0.mark.line))" } ?? ""
            return (mark.line, "malformed YAML: \(problem)\(during)")
        case let .reader(problem, offset, _, _):
            return (offset.map { text.prefix($0).filter { $0 == "\n" }.count + 1 } ?? 1, "unreadable YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return (context.mark.line, "duplicate key \(keys); give each key once per mapping")
        default:
            return (1, "unreadable YAML: \(self)")
        }
    }
}
