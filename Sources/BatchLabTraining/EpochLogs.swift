import Foundation

/// One epoch's record of named values (Keras's `logs`): what the progress line prints, what
/// `--metrics-out` writes and what callbacks read. Keys keep their insertion order.
public struct EpochLogs: Equatable {
    public private(set) var keys: [String] = []
    private var values: [String: Double] = [:]

    public init() {}

    /// Every key that appears in `logs`, in the order first seen (a run's column order).
    public static func keys(of logs: some Sequence<EpochLogs>) -> [String] {
        var keys: [String] = []
        for key in logs.lazy.flatMap(\.keys) where !keys.contains(key) { keys.append(key) }
        return keys
    }

    public subscript(key: String) -> Double? {
        get { values[key] }
        set {
            if values[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            values[key] = newValue
        }
    }

    /// One JSON object, keys in order; integral values (epoch) print without a fraction,
    /// non-finite values as null.
    public func jsonLine() -> String {
        let fields = keys.map { key -> String in
            let value = values[key]!
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
