import BatchLabData

/// A setting whose value is one of a few names (`adam`, `cosine`, `linear`): decoding anything
/// else fails naming the key and the choices.
public protocol SettingChoice: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {}

extension SettingChoice {
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: name) else {
            throw ConfigurationError(key: decoder.codingPath.map(\.part).joined(separator: "."),
                                     "must be one of \(Self.choices) (got '\(name)')")
        }
        self = value
    }

    /// The names.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The names, comma-separated.
    public static var choices: String { names.joined(separator: ", ") }
}

extension OptimizerSettings.Kind: SettingChoice {}
extension ScheduleSettings.Kind: SettingChoice {}
extension LearningRateScaling: SettingChoice {}
extension Preprocessing: SettingChoice {}
