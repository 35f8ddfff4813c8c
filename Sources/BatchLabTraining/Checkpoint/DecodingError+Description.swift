extension DecodingError {
    /// One line: the key path and what went wrong, without Swift's debug dump.
    var shortDescription: String {
        func path(_ context: Context, _ last: CodingKey? = nil) -> String {
            let keys = (context.codingPath + (last.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the document" : keys.joined(separator: ".")
        }
        switch self {
        case .typeMismatch(let type, let context): return "\(path(context)) must be \(Self.name(of: type))"
        case .valueNotFound(let type, let context): return "\(path(context)) is null; it must be \(Self.name(of: type))"
        case .keyNotFound(let key, let context): return "\(path(context, key)) is missing"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            // A number out of its type's range: "Number 1e308 is not representable in Swift."
            return "\(path(context)) is out of range or malformed (\(context.debugDescription))"
        case .dataCorrupted:
            return "it is not valid JSON"
        @unknown default: return "\(self)"
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type, is Int64.Type: "a whole number"
        case is Float.Type, is Double.Type: "a number"
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }
}

import Foundation
