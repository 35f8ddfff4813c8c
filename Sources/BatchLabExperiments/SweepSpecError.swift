/// A sweep file that cannot run, as one line naming the file and line: `sweep.yaml:7: …`.
public struct SweepSpecError: Error, Equatable, CustomStringConvertible {
    /// The file name the caller passed to `SweepSpec.parse`.
    public var fileName: String
    /// 1-based line of the offending key or value; 0 for the file as a whole.
    public var line: Int
    /// What was wrong and what to write instead.
    public var message: String

    public init(fileName: String, line: Int, message: String) {
        self.fileName = fileName
        self.line = line
        self.message = message
    }

    public var description: String { line > 0 ? "\(fileName):\(line): \(message)" : "\(fileName) \(message)" }
}
