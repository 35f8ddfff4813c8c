import BatchLabCore
import Foundation
import Yams

/// Config files: YAML or JSON (JSON is read as YAML, so errors name lines in both), and the YAML
/// `--print-config` writes. A key the file leaves out keeps its default.
public enum ConfigurationFile {
    /// The configuration in `text`, validated; errors name the file, line and key.
    public static func decode(_ text: String, fileName: String) throws(ConfigurationFileError) -> RunConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            let (line, message) = error.located(in: text)
            throw ConfigurationFileError(fileName: fileName, line: line, message: message)
        } catch {
            throw ConfigurationFileError(fileName: fileName, line: nil, message: "\(error)")
        }
        guard let root else { return RunConfiguration() }
        guard case .mapping = root else {
            throw ConfigurationFileError(fileName: fileName, line: root.mark?.line,
                                         message: "must be a mapping of keys (model, optimizer, batch_size, …) to values")
        }
        // A list or mapping used as a key would be skipped by the decoder, not refused as unknown.
        if let key = firstKeyThatIsNotAName(in: root) {
            throw ConfigurationFileError(fileName: fileName, line: key.mark?.line,
                                         message: "a key must be a name such as batch_size, not a list or a mapping")
        }
        do {
            let configuration = try YAMLDecoder().decode(RunConfiguration.self, from: root)
            try configuration.validate()
            return configuration
        } catch let error as ConfigurationError {
            throw ConfigurationFileError(fileName: fileName, line: line(of: error.key, in: root), message: error.description)
        } catch let error as DecodingError {
            let error = ConfigurationError(error, in: root)
            throw ConfigurationFileError(fileName: fileName, line: line(of: error.key, in: root), message: error.description)
        } catch {
            throw ConfigurationFileError(fileName: fileName, line: nil, message: "\(error)")
        }
    }

    /// The first mapping key that is a list or mapping, looking at no more than `budget` nodes:
    /// aliases make a tree exponential in the text (a "billion laughs" file), which the decoder
    /// refuses on its own.
    private static func firstKeyThatIsNotAName(in node: Node) -> Node? {
        var budget = 100_000
        func search(_ node: Node) -> Node? {
            budget -= 1
            guard budget > 0 else { return nil }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    guard case .scalar = key else { return key }
                    if let inner = search(value) { return inner }
                    if budget <= 0 { return nil }
                }
                return nil
            case .sequence(let sequence):
                for element in sequence {
                    if let inner = search(element) { return inner }
                    if budget <= 0 { return nil }
                }
                return nil
            default:
                return nil
            }
        }
        return search(node)
    }

    /// The configuration in the file at `path`.
    public static func load(path: String) throws(ConfigurationFileError) -> RunConfiguration {
        let text: String
        do {
            text = try UserFile.readText(path, limit: UserFile.textLimit)
        } catch {
            throw ConfigurationFileError(fileName: path, line: nil, message: "\(error)")
        }
        return try decode(text, fileName: path)
    }

    /// The configuration as YAML, every key present (null where unset), in declaration order;
    /// numbers in their shortest exact decimal form (`0.001`, `1.0e-07`; see `ExactNumber`).
    public static func yaml(_ configuration: RunConfiguration) -> String {
        yaml(encoding: configuration)
    }

    /// `model:` alone, as a config file gives it (`batchlab models --print`).
    public static func yaml(model: ModelConfiguration) -> String {
        yaml(encoding: ["model": model])
    }

    private static func yaml(encoding value: some Encodable) -> String {
        // Encoding plain values to YAML cannot fail (validated numbers are finite).
        try! YAMLEncoder().encode(value)
    }

    /// The configuration as one line of JSON with sorted keys (the store's form).
    public static func json(_ configuration: RunConfiguration) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(configuration), as: UTF8.self)
    }

    // MARK: - Where an error is

    /// The line of `key` in the file, or of its deepest section the file has.
    static func line(of key: String, in root: Node) -> Int? {
        var current = root, line: Int?
        for part in key.split(separator: ".").map(String.init) {
            if case .sequence(let items) = current, let index = Int(part), items.indices.contains(index) {
                (line, current) = (items[index].mark?.line ?? line, items[index])
                continue
            }
            guard case .mapping(let mapping) = current,
                  let pair = mapping.first(where: { $0.key.string == part }) else { break }
            line = pair.key.mark?.line
            current = pair.value
        }
        return line
    }
}

/// A config file that cannot be used: `run.yaml:3: optimizer.lrr is not a configuration key; did you mean 'optimizer.lr'?`
public struct ConfigurationFileError: Error, Equatable, CustomStringConvertible {
    public var fileName: String
    public var line: Int?
    public var message: String

    public var description: String { "\(fileName)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
