/// A Double that may be ±∞ or NaN in JSON, which has no such numbers: finite values stay numbers,
/// the others are written as the strings "inf", "-inf" and "nan" — the spelling BatchLab's
/// checkpoint metadata uses (`JSONEncoder`'s `.convertToString`), so any encoder round-trips them.
/// Equality takes NaN as equal to NaN, so a decoded value equals the one encoded.
@propertyWrapper
public struct NonFiniteAsString: Codable, Equatable, Sendable {
    public var wrappedValue: Double

    public init(wrappedValue: Double) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let text = try? container.decode(String.self) else {
            wrappedValue = try container.decode(Double.self)
            return
        }
        switch text {
        case "inf": wrappedValue = .infinity
        case "-inf": wrappedValue = -.infinity
        case "nan": wrappedValue = .nan
        default:
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a number, \"inf\", \"-inf\" or \"nan\" (got \"\(text)\")")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch wrappedValue {
        case .infinity: try container.encode("inf")
        case -.infinity: try container.encode("-inf")
        case let value where value.isNaN: try container.encode("nan")
        default: try container.encode(wrappedValue)
        }
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.wrappedValue == rhs.wrappedValue || (lhs.wrappedValue.isNaN && rhs.wrappedValue.isNaN)
    }
}

/// An array of `NonFiniteAsString` values.
@propertyWrapper
public struct NonFiniteArrayAsString: Codable, Equatable, Sendable {
    public var wrappedValue: [Double]

    public init(wrappedValue: [Double]) { self.wrappedValue = wrappedValue }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try [NonFiniteAsString](from: decoder).map(\.wrappedValue)
    }

    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.map(NonFiniteAsString.init(wrappedValue:)).encode(to: encoder)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.wrappedValue.map(NonFiniteAsString.init(wrappedValue:)) == rhs.wrappedValue.map(NonFiniteAsString.init(wrappedValue:))
    }
}
