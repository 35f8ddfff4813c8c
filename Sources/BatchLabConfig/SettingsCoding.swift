/// A section of a configuration (`optimizer`, `callbacks.early_stopping`): a value type whose
/// `init()` holds every default and whose `fields` name its keys, spelled as in config files
/// (snake_case, Keras's vocabulary). The fields are the one table of names: config files,
/// `--print-config`, sweep files and the store all use them. Decoding starts from the defaults
/// and refuses keys no field has; encoding writes every key, null where unset.
public protocol Settings: Codable, Equatable, Sendable {
    init()
    static var fields: [SettingField<Self>] { get }
}

/// One key of a section and the property it sets.
public struct SettingField<Section>: Sendable {
    public let key: String
    /// What the key takes, and whether it may be null.
    public let kind: ConfigurationKey.Kind
    public let isOptional: Bool
    /// The section type of a section key.
    let sectionType: (any Settings.Type)?
    fileprivate let decode: @Sendable (inout Section, KeyedDecodingContainer<AnyKey>) throws -> Void
    fileprivate let encode: @Sendable (Section, inout KeyedEncodingContainer<AnyKey>) throws -> Void

    /// A key whose value the file may leave out (the default stays).
    public init<Value: Codable>(_ key: String, _ path: WritableKeyPath<Section, Value> & Sendable) {
        self.key = key
        kind = ConfigurationKey.Kind(of: Value.self)
        isOptional = false
        sectionType = Value.self as? any Settings.Type
        decode = { section, container in
            guard container.contains(AnyKey(key)) else { return }
            guard try !container.decodeNil(forKey: AnyKey(key)) else {
                throw ConfigurationError(key: (container.codingPath + [AnyKey(key)]).map(\.part).joined(separator: "."),
                                         "cannot be null; leave it out to keep its default")
            }
            section[keyPath: path] = try container.decode(Value.self, forKey: AnyKey(key))
        }
        encode = { section, container in try container.encodeSetting(section[keyPath: path], forKey: AnyKey(key)) }
    }

    /// A key that may be null: `subset: null` clears it, and it prints as null when unset.
    /// An optional section (a callback) also takes `true` (on: as it is, else with its defaults)
    /// and `false` (off).
    public init<Value: Codable>(_ key: String, _ path: WritableKeyPath<Section, Value?> & Sendable) {
        self.key = key
        kind = ConfigurationKey.Kind(of: Value.self)
        isOptional = true
        sectionType = Value.self as? any Settings.Type
        decode = { section, container in
            let codingKey = AnyKey(key)
            guard container.contains(codingKey) else { return }
            if try container.decodeNil(forKey: codingKey) { return section[keyPath: path] = nil }
            if let sectionType = Value.self as? any Settings.Type, let on = try? container.decode(Bool.self, forKey: codingKey) {
                return section[keyPath: path] = on ? section[keyPath: path] ?? (sectionType.init() as! Value) : nil
            }
            section[keyPath: path] = try container.decode(Value.self, forKey: codingKey)
        }
        encode = { section, container in
            guard let value = section[keyPath: path] else { return try container.encodeNil(forKey: AnyKey(key)) }
            try container.encodeSetting(value, forKey: AnyKey(key))
        }
    }
}

extension Settings {
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: AnyKey.self)
        let known = Self.fields.map(\.key)
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw ConfigurationError.unknownKey(path: decoder.codingPath.map(\.part) + [key.stringValue], known: known)
        }
        for field in Self.fields { try field.decode(&self, container) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for field in Self.fields { try field.encode(self, &container) }
    }
}

/// Any key, by its name.
public struct AnyKey: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ stringValue: String) { self.stringValue = stringValue }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}

extension CodingKey {
    /// The key as a part of a dotted key: its name, or a list index (`model.2`).
    var part: String { intValue.map(String.init) ?? stringValue }
}

extension KeyedEncodingContainer<AnyKey> {
    /// Encodes a setting; a real number as `ExactNumber`, so YAML keeps every digit.
    mutating func encodeSetting<Value: Encodable>(_ value: Value, forKey key: AnyKey) throws {
        if let number = value as? Double { try encode(ExactNumber(number), forKey: key) } else { try encode(value, forKey: key) }
    }
}
