import Yams

extension SweepSpecError {
    /// Yams's multi-line parse error as one line with its line number.
    init(fileName: String, yaml error: YamlError, text: String) {
        switch error {
        case let .composer(context?, problem, mark, _):
            self.init(fileName: fileName, line: mark.line, message: "malformed YAML: \(context.text) \(problem)")
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let during = context.map { " (\($0.text) that starts on line \($0.mark.line))" } ?? ""
            self.init(fileName: fileName, line: mark.line, message: "malformed YAML: \(problem)\(during)")
        case let .reader(problem, offset, _, _):
            let line = offset.map { text.prefix($0).filter { $0 == "\n" }.count + 1 } ?? 1
            self.init(fileName: fileName, line: line, message: "unreadable YAML: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            self.init(fileName: fileName, line: context.mark.line,
                      message: "duplicate key \(keys); give each key once per mapping")
        default:
            self.init(fileName: fileName, line: 1, message: "unreadable YAML: \(error)")
        }
    }
}
