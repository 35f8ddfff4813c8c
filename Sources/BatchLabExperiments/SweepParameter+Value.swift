import BatchLabConfig

extension SweepParameter {
    /// Why a text is no value of a parameter, in one line: `'batch_size' must be ≥ 1 (got 0)`.
    public struct InvalidValue: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Checks `text` against this parameter's type and range and returns the typed value.
    ///
    /// Integers must be exact (`128`, also `1e3`; not `1.5`); booleans are `true`/`false` (also for
    /// a callback's section: on with its defaults, or off); `isNull` marks a YAML null, accepted by
    /// the keys that may be null. The range is the configuration's own check of the key.
    public func value(of text: String, isNull: Bool = false) throws(InvalidValue) -> SweepValue {
        if isNull, isOptional || Self.earlierNulls[key] != nil { return try inRange(.null) }
        let got = isNull ? "null" : "\"\(text)\""
        switch kind {
        case .text:
            guard !isNull, !text.isEmpty else { throw problem("must be a non-empty string") }
            return try inRange(.text(text))
        case .choice(let choices):
            guard !isNull, choices.contains(text) else {
                throw problem("must be one of \(choices.joined(separator: ", ")) (got \(got))")
            }
            return .text(text)
        case .flag, .section:
            switch text.lowercased() {
            case "true" where !isNull: return .flag(true)
            case "false" where !isNull: return .flag(false)
            default: throw problem("must be true or false (got \(got))")
            }
        case .unsigned:
            guard !isNull, let value = UInt64(text) ?? Double(text).flatMap({ UInt64(exactly: $0) }) else {
                throw problem("must be an integer from 0 to \(UInt64.max) (got \(got))")
            }
            return .unsigned(value)
        case .integer:
            guard !isNull, let value = Int(text) ?? Self.exactInteger(text) else {
                throw problem("must be an integer (got \(got))")
            }
            return try inRange(.integer(value))
        case .real:
            guard !isNull, let value = Double(text) else { throw problem("must be a number (got \(got))") }
            return try inRange(.real(value))
        }
    }

    /// Whether the parameter is an integer (true) or a real number (false); nil for the others.
    var isInteger: Bool? {
        switch kind {
        case .integer: true
        case .real: false
        default: nil
        }
    }

    /// `value`, if the configuration accepts it for this key (on the defaults, with this key set).
    /// A callback's switch is checked alone: its keys may come from other entries of the file.
    private func inRange(_ value: SweepValue) throws(InvalidValue) -> SweepValue {
        guard self != .name else { return value }
        do {
            var run = RunSpec()
            try apply(value, to: &run)
            try run.configuration.validate()
        } catch let error as ConfigurationError
                    where !error.dependsOnOtherSettings && (error.key == key || (!isSwitch && error.key.hasPrefix(key + "."))) {
            throw problem(error.message)
        } catch {
            // Another key's check: this value is fine on its own.
        }
        return value
    }

    private func problem(_ message: String) -> InvalidValue {
        InvalidValue(description: "'\(key)' \(message)")
    }

    /// `1e3` → 1000; nil for `1.5`, `inf` or text that is no number.
    private static func exactInteger(_ text: String) -> Int? {
        Double(text).flatMap { Int(exactly: $0) }
    }
}
