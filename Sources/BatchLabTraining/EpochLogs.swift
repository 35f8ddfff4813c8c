import Foundation

/// One epoch's record of named values (Keras's `logs`): what the progress line prints, what
/// `--metrics-out` writes and what callbacks read. Keys keep their insertion order.
public struct EpochLogs: Equatable {
    public private(set) var keys: [String] = []
    /// `values[i]` belongs to `keys[i]`: an epoch logs about a dozen values, which a linear search
    /// finds faster than a hash (charts of a thousand runs read fifty thousand epochs).
    private var values: [Double] = []

    public init() {}

    /// A Float as logs keep it: its shortest decimal form, so a learning rate of 0.004 logs as
    /// 0.004 rather than 0.004000000189989805.
    public static func value(_ float: Float) -> Double {
        Double("\(float)") ?? Double(float)
    }

    /// Logs of `pairs`, in their order (a repeated key keeps its first place and its last value).
    public init(_ pairs: [(key: String, value: Double)]) {
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    /// Every key that appears in `logs`, in the order first seen (a run's column order).
    public static func keys(of logs: some Sequence<EpochLogs>) -> [String] {
        var keys: [String] = []
        for key in logs.lazy.flatMap(\.keys) where !keys.contains(key) { keys.append(key) }
        return keys
    }

    public subscript(key: String) -> Double? {
        get { keys.firstIndex(of: key).map { values[$0] } }
        set {
            switch (keys.firstIndex(of: key), newValue) {
            case let (index?, value?): values[index] = value
            case let (index?, nil):
                keys.remove(at: index)
                values.remove(at: index)
            case let (nil, value?):
                keys.append(key)
                values.append(value)
            case (nil, nil): break
            }
        }
    }

    /// One JSON object, keys in order; integral values (epoch) print without a fraction,
    /// non-finite values as null.
    public func jsonLine() -> String {
        let fields = zip(keys, values).map { key, value -> String in
            let text: String
            if !value.isFinite {
                text = "null"
            } else if key == "epoch" {
                text = String(Int(value))
            } else {
                text = "\(value)"
            }
            return "\"\(key)\": \(text)"
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }
}
