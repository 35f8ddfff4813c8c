/// A comma-separated flag value with an item that is not what the flag takes:
/// `--lr expects comma-separated numbers (got 'abc')`, or with a value given twice:
/// `--lr lists 0.001 twice; give each value once`.
public struct FlagListError: Error, Equatable, CustomStringConvertible {
    public var flag: String
    /// "numbers" or "integers".
    public var expected: String
    /// The offending item, or the whole value when it is empty.
    public var item: String
    /// A valid value, shown in the message.
    public var example: String
    /// True when `item` is a value the list gives more than once.
    public var repeated = false

    public init(flag: String, expected: String, item: String, example: String? = nil) {
        self.flag = flag
        self.expected = expected
        self.item = item
        self.example = example ?? (expected == "integers" ? "32,128" : "1e-4,1e-3")
    }

    /// `item` appears twice in `flag`'s list.
    public static func repeated(flag: String, item: String) -> FlagListError {
        var error = FlagListError(flag: flag, expected: "", item: item)
        error.repeated = true
        return error
    }

    public var description: String {
        if repeated { return "\(flag) lists \(item) twice; give each value once" }
        return "\(flag) expects comma-separated \(expected) (got '\(item)'), as in \(flag) \(example)"
    }
}
