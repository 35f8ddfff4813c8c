import BatchLabData
import BatchLabNN

/// `model:` — a registered model by name (`seed-cnn`, `keras-cnn`; `batchlab models`), or a list
/// of layers in the spirit of Keras's `Sequential` config, so a study can train a CNN of one's own
/// without writing Swift:
///
/// ```yaml
/// model:
///   - {class_name: Conv2D, config: {filters: 32, kernel_size: 3, padding: same, activation: relu}}
///   - {class_name: MaxPooling2D}
///   - {class_name: Flatten}
///   - {class_name: Dense, config: {units: 10, activation: softmax}}
/// ```
///
/// The layers are checked against CIFAR-10's (3, 32, 32) images when the configuration is
/// validated; the last must give the 10 class probabilities (softmax), which the loss takes.
public enum ModelConfiguration: Codable, Equatable, Sendable, ExpressibleByStringLiteral {
    case named(String)
    case layers([LayerConfiguration])

    public init(stringLiteral name: String) { self = .named(name) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let name = try? container.decode(String.self) {
            self = .named(name)
        } else {
            self = .layers(try container.decode([LayerConfiguration].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .named(let name): try container.encode(name)
        case .layers(let layers): try container.encode(layers)
        }
    }

    /// The name runs are listed under: the registered name, or `custom` for a layer list.
    public var name: String {
        switch self {
        case .named(let name): name
        case .layers: "custom"
        }
    }

    /// The model to build; `validate()` first says what is wrong with it.
    public func sequential() throws(ConfigurationError) -> Sequential {
        switch self {
        case .named(let name):
            guard let model = Models.named(name) else {
                throw ConfigurationError(key: "model", "must be one of \(Models.all.map(\.name).joined(separator: ", ")) (got '\(name)'; "
                                         + "see `batchlab models`), or a list of layers")
            }
            return model
        case .layers(let layers):
            var model = Sequential(name: "custom") {}
            for (index, layer) in layers.enumerated() { model.layers.append(try layer.layer(key: "model.\(index)")) }
            return model
        }
    }

    /// A registered model's layers as a list (`batchlab models --print NAME`); nil for an unknown name.
    public static func layers(of name: String) -> ModelConfiguration? {
        guard let model = Models.named(name) else { return nil }
        let layers = model.layers.compactMap(LayerConfiguration.init)
        return layers.count == model.layers.count ? .layers(layers) : nil
    }

    /// Checks that the layers fit together on CIFAR-10 images and end in the 10 class
    /// probabilities; the error names the layer (`model.3`) and the shapes.
    func validate() throws(ConfigurationError) {
        let model = try sequential()
        guard case .layers(let layers) = self else { return }
        guard !layers.isEmpty else { throw ConfigurationError(key: "model", "is an empty list of layers") }
        var shape = CIFAR10.imageShape
        for (index, layer) in model.layers.enumerated() {
            do {
                shape = try layer.outputShape(for: shape)
            } catch let error as ShapeError {
                throw ConfigurationError(key: "model.\(index)", "(\(error.layer)): \(error.message)")
            } catch {
                throw ConfigurationError(key: "model.\(index)", "\(error)")
            }
        }
        let lastIsSoftmax = model.layers.last.map { ($0 as? Dense)?.activation == .softmax || $0 is Softmax } ?? false
        guard shape == [CIFAR10.classCount], lastIsSoftmax else {
            throw ConfigurationError(key: "model.\(layers.count - 1)", "must give the \(CIFAR10.classCount) class probabilities, "
                                     + "as Dense with units: \(CIFAR10.classCount) and activation: softmax (the list ends in \(shape)"
                                     + (lastIsSoftmax ? ")" : " without softmax)"))
        }
    }
}
