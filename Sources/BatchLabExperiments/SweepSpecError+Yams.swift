import BatchLabConfig
import Yams

extension SweepSpecError {
    /// Yams's multi-line parse error as one line with its line number.
    init(fileName: String, yaml error: YamlError, text: String) {
        let (line, message) = error.located(in: text)
        self.init(fileName: fileName, line: line, message: message)
    }
}
