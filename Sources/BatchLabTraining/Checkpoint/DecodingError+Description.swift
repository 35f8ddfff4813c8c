extension DecodingError {
    /// One line: the key path and what went wrong, without Swift's debug dump.
    var shortDescription: String {
        func path(_ context: Context, _ last: CodingKey? = nil) -> String {
            let keys = (context.codingPath + (last.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the document" : keys.joined(separator: ".")
        }
        switch self {
        case .typeMismatch(let type, let context): return "\(path(context)) is not a \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)) is null, expected a \(type)"
        case .keyNotFound(let key, let context): return "\(path(context, key)) is missing"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "\(path(context)) is malformed (\(underlying ?? context.debugDescription))"
        @unknown default: return "\(self)"
        }
    }
}

import Foundation
