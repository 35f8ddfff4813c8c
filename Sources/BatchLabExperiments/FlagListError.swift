/// A comma-separated flag value with an item that is not what the flag takes:
/// `--lr expects comma-separated numbers (got 'abc')`.
public struct FlagListError: Error, Equatable, CustomStringConvertible {
    public var flag: String
    /// "numbers" or "integers".
    public var expected: String
    /// The offending item, or the whole value when it is empty.
    public var item: String
    /// A valid value, shown in the message.
    public var example: String

    public init(flag: String, expected: String, item: String, example: String? = nil) {
        self.flag = flag
        self.expected = expected
        self.item = item
        self.example = example ?? (expected == "integers" ? "32,128" : "1e-4,1e-3")
    }

    public var description: String {
        "\(flag) expects comma-separated \(expected) (got '\(item)'), as in \(flag) \(example)"
    }
}
