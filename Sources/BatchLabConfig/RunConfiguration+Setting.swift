import Yams

extension RunConfiguration {
    /// This configuration with the dotted `key` set to `value`, a YAML node as a config file would
    /// give it (a scalar; for a section, a mapping, true or false). Not validated; a key no section
    /// has, or a value of the wrong kind, is an error naming the key.
    public func setting(_ key: String, to value: Node) throws(ConfigurationError) -> RunConfiguration {
        // Encoding plain values to YAML and reading Yams's own output back cannot fail.
        let current = try! Yams.compose(yaml: try! YAMLEncoder().encode(self))!
        let root = Self.replacing(key.split(separator: ".").map(String.init)[...], in: current, with: value)
        do {
            return try YAMLDecoder().decode(RunConfiguration.self, from: root)
        } catch let error as ConfigurationError {
            throw error
        } catch let error as DecodingError {
            throw ConfigurationError(error, in: root)
        } catch {
            throw ConfigurationError(key: key, "\(error)")
        }
    }

    /// `node` with the value at `path` replaced; a section that is null (off) becomes a mapping
    /// (on, with its defaults for the keys not given); a key that is not there is added, for
    /// the decoder to name.
    private static func replacing(_ path: ArraySlice<String>, in node: Node, with value: Node) -> Node {
        // `true` turns a callback on: one that is on stays as it is.
        guard let first = path.first else { return value == Node("true") && node.mapping != nil ? node : value }
        var pairs: [(Node, Node)] = if case .mapping(let mapping) = node { Array(mapping) } else { [] }
        if let index = pairs.firstIndex(where: { $0.0.string == first }) {
            pairs[index].1 = replacing(path.dropFirst(), in: pairs[index].1, with: value)
        } else {
            pairs.append((Node(first), replacing(path.dropFirst(), in: Node.mapping(Node.Mapping([])), with: value)))
        }
        return .mapping(Node.Mapping(pairs))
    }
}

extension ConfigurationError {
    /// A decoding failure as the key and what it expects, with the value `root` gives it.
    init(_ error: DecodingError, in root: Node) {
        let (path, expected) = Self.describe(error)
        var given = root as Node?
        for part in path { given = given.flatMap { if case .mapping(let mapping) = $0 { mapping[Node(part)] } else { nil } } }
        self.init(key: path.joined(separator: "."), expected + (given.map { " (got \(Self.describe($0)))" } ?? ""))
    }

    private static func describe(_ error: DecodingError) -> (path: [String], expected: String) {
        switch error {
        case .typeMismatch(let type, let context): (context.codingPath.map(\.part), "expects \(Self.name(of: type))")
        case .valueNotFound(let type, let context): (context.codingPath.map(\.part), "expects \(Self.name(of: type))")
        case .keyNotFound(let key, let context): (context.codingPath.map(\.part) + [key.stringValue], "is missing")
        case .dataCorrupted(let context): (context.codingPath.map(\.part), "is malformed: \(context.debugDescription)")
        @unknown default: ([], "\(error)")
        }
    }

    private static func name(of type: Any.Type) -> String {
        switch type {
        case is Int.Type, is UInt64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        case is Node.Scalar.Type: "a single value"
        case is Node.Sequence.Type: "a list"
        default: "a mapping of keys to values"
        }
    }

    private static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
