/// Grids given on the command line, without a sweep file:
/// `batchlab sweep --lr 1e-4,1e-3 --batch-size 32,128`.
public enum GridOverrides {
    /// Every (learning rate, batch size) pair over `base`, learning rate varying slowest, each run
    /// named after its pair (`lr=0.0001 batch=32`).
    public static func grid(base: RunSpec, learningRates: [Double], batchSizes: [Int]) -> [RunSpec] {
        learningRates.flatMap { lr in
            batchSizes.map { batchSize in
                var run = base
                run.configuration.optimizer.lr = lr
                run.configuration.batchSize = batchSize
                run.name = RunSpec.defaultName(for: [
                    SweepSetting(.lr, .real(lr)), SweepSetting(.batchSize, .integer(batchSize)),
                ])
                return run
            }
        }
    }

    /// `"1e-4,1e-3,0.1"` → `[0.0001, 0.001, 0.1]`; every item a finite number. Spaces around
    /// items are ignored; ranges are the caller's to check.
    public static func parseList(_ text: String, flag: String) throws -> [Double] {
        try items(of: text, flag: flag, expected: "numbers") { Double($0).flatMap { $0.isFinite ? $0 : nil } }
    }

    /// `"32,128"` → `[32, 128]`; every item an integer. `example` is a valid value for the error message.
    public static func parseIntList(_ text: String, flag: String, example: String? = nil) throws -> [Int] {
        try items(of: text, flag: flag, expected: "integers", example: example) { Int($0) }
    }

    /// The items, each parsed; a value given twice (3e-3 and 0.003 alike) is refused, since it
    /// would only train or test the same setting twice.
    private static func items<T: Hashable>(
        of text: String, flag: String, expected: String, example: String? = nil, parse: (String) -> T?
    ) throws -> [T] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map(trimmed)
        var (values, seen) = ([T](), Set<T>())
        for item in items {
            guard let value = parse(item) else {
                throw FlagListError(flag: flag, expected: expected, item: item.isEmpty ? text : item, example: example)
            }
            guard seen.insert(value).inserted else { throw FlagListError.repeated(flag: flag, item: item) }
            values.append(value)
        }
        return values
    }

    private static func trimmed(_ item: Substring) -> String {
        let start = item.firstIndex { !$0.isWhitespace } ?? item.endIndex
        let end = item.lastIndex { !$0.isWhitespace }.map(item.index(after:)) ?? start
        return String(item[start..<end])
    }
}
