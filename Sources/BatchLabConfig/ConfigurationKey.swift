/// One key of a configuration, dotted (`optimizer.lr`), with what it takes: the catalogue that
/// sweep files and error messages draw on.
public struct ConfigurationKey: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case integer, unsigned, real, text, flag
        /// One of these names.
        case choice([String])
        /// A section of further keys (optional ones also take true or false).
        case section
    }

    public var path: String
    public var kind: Kind
    /// Whether it may be null (unset; for a section, off).
    public var isOptional: Bool
}

extension ConfigurationKey.Kind {
    init(of type: Any.Type) {
        switch type {
        case is Int.Type: self = .integer
        case is UInt64.Type: self = .unsigned
        case is Double.Type: self = .real
        case is Bool.Type: self = .flag
        case let choice as any SettingChoice.Type: self = .choice(choice.names)
        case is any Settings.Type: self = .section
        default: self = .text
        }
    }
}

extension Settings {
    /// Every key of this section and of the sections below it, dotted after `prefix`.
    static func keys(prefix: String) -> [ConfigurationKey] {
        fields.flatMap { field -> [ConfigurationKey] in
            let path = prefix + field.key
            let key = ConfigurationKey(path: path, kind: field.kind, isOptional: field.isOptional)
            guard field.kind == .section, let section = field.sectionType else { return [key] }
            return [key] + section.keys(prefix: path + ".")
        }
    }
}

extension RunConfiguration {
    /// Every key, sections before their keys, in declaration order.
    public static let keys: [ConfigurationKey] = keys(prefix: "")

    /// The key at `path`, or nil.
    public static func key(_ path: String) -> ConfigurationKey? {
        keys.first { $0.path == path }
    }
}
