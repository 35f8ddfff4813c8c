import Foundation

/// A filter over runs' fields (`RunFields`), as a run list's filter box takes it: terms separated
/// by spaces, each `key op value`, all of which must hold — e.g.
/// `batch_size>=128 lr<0.01 best_val_accuracy>0.6 name~baseline status=finished`.
///
/// Operators: `=` and `!=` (numbers by value, text exactly), `<`, `<=`, `>`, `>=` (numbers only),
/// `~` (contains, ignoring case; an empty value, as while typing, holds for all). A value with spaces is quoted: `name~"lr 0.1"`. A run without
/// the key (a result not logged yet) matches no term.
public struct RunFilter: Sendable, Equatable {
    public enum Operator: String, Sendable, CaseIterable {
        // Two-character operators first, so `<=` is not read as `<`.
        case greaterOrEqual = ">=", lessOrEqual = "<=", notEqual = "!=", equal = "=", less = "<", greater = ">", contains = "~"
    }

    public struct Term: Sendable, Equatable {
        public var key: String
        public var op: Operator
        public var value: String
    }

    public var terms: [Term]

    /// Filters longer than this are refused: a filter box, not a program.
    public static let maximumLength = 1_000

    /// Parses `text`; `knownKeys` are the keys a term may name (nil: any).
    public init(_ text: String, knownKeys: Set<String>? = nil) throws(RunFilterError) {
        guard text.count <= Self.maximumLength else {
            throw RunFilterError("the filter is \(text.count) characters long; at most \(Self.maximumLength)")
        }
        terms = try Self.split(text).map { word throws(RunFilterError) in try Self.term(word, knownKeys: knownKeys) }
    }

    /// Whether every term holds for `fields`.
    public func matches(_ fields: RunFields) -> Bool {
        terms.allSatisfy { term in fields[term.key].map { term.holds(for: $0) } ?? false }
    }

    // MARK: - Parsing

    /// The terms' words: split at spaces outside double quotes, quotes removed.
    private static func split(_ text: String) throws(RunFilterError) -> [String] {
        var words: [String] = [], word = "", quoted = false, started = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
                started = true
            } else if character.isWhitespace, !quoted {
                if started { words.append(word) }
                (word, started) = ("", false)
            } else {
                word.append(character)
                started = true
            }
        }
        guard !quoted else { throw RunFilterError("a quote in the filter is not closed") }
        if started { words.append(word) }
        return words
    }

    private static func term(_ word: String, knownKeys: Set<String>?) throws(RunFilterError) -> Term {
        let operators = Operator.allCases.compactMap { op in word.range(of: op.rawValue).map { (op, $0) } }
        // The leftmost operator; at one position, the longest (`<=` over `<`).
        guard let (op, range) = operators.min(by: { ($0.1.lowerBound, -$0.0.rawValue.count) < ($1.1.lowerBound, -$1.0.rawValue.count) })
        else {
            throw RunFilterError("'\(word)' is not a term: write key, operator, value, e.g. batch_size=128 or lr<0.01 "
                                 + "(operators: \(Operator.allCases.map(\.rawValue).joined(separator: " ")))")
        }
        let key = String(word[..<range.lowerBound]), value = String(word[range.upperBound...])
        guard !key.isEmpty else { throw RunFilterError("'\(word)' names no key before \(op.rawValue)") }
        if let knownKeys, !knownKeys.contains(key) {
            throw RunFilterError("no run has '\(key)' (keys: \(knownKeys.sorted().joined(separator: ", ")))")
        }
        if [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op), Double(value) == nil {
            throw RunFilterError("'\(word)': \(op.rawValue) compares numbers, and '\(value)' is not one")
        }
        return Term(key: key, op: op, value: value)
    }
}

extension RunFilter.Term {
    func holds(for field: ConfigValue) -> Bool {
        let number = Double(value)
        switch op {
        case .equal: return field.number.map { $0 == number } ?? (field.description == value)
        case .notEqual: return field.number.map { $0 != number } ?? (field.description != value)
        case .contains: return value.isEmpty || field.description.localizedCaseInsensitiveContains(value)
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let left = field.number, let right = number else { return false }
            switch op {
            case .less: return left < right
            case .lessOrEqual: return left <= right
            case .greater: return left > right
            default: return left >= right
            }
        }
    }
}

/// A filter that does not parse, with a one-line reason.
public struct RunFilterError: Error, Equatable, CustomStringConvertible {
    public var description: String
    /// On one line: a quoted value may hold a line break.
    init(_ description: String) { self.description = description.split(whereSeparator: \.isNewline).joined(separator: " ") }
}
