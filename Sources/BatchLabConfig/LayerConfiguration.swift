import BatchLabNN

/// One layer of a model given as a list, as Keras's `Sequential.get_config()` writes it:
/// `{class_name: Conv2D, config: {filters: 32, kernel_size: 3, padding: same, activation: relu}}`
/// (`config` may be left out when every argument keeps its default, as for `Flatten`). The layers
/// are those BatchLab has, with their Keras argument names; square kernels, pools and strides.
public enum LayerConfiguration: Codable, Equatable, Sendable {
    case conv2D(Conv2DSettings)
    case maxPooling2D(MaxPooling2DSettings)
    case dropout(DropoutSettings)
    case flatten
    case dense(DenseSettings)
    case batchNormalization(BatchNormalizationSettings)
    case activation(ActivationSettings)

    /// The class names, as Keras spells them.
    public static let classNames = ["Conv2D", "MaxPooling2D", "Dropout", "Flatten", "Dense", "BatchNormalization", "Activation"]

    public var className: String {
        switch self {
        case .conv2D: "Conv2D"
        case .maxPooling2D: "MaxPooling2D"
        case .dropout: "Dropout"
        case .flatten: "Flatten"
        case .dense: "Dense"
        case .batchNormalization: "BatchNormalization"
        case .activation: "Activation"
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        let here = decoder.codingPath.map(\.part).joined(separator: ".")
        for key in container.allKeys where !["class_name", "config"].contains(key.stringValue) {
            throw ConfigurationError(key: here + "." + key.stringValue, "is not a layer key; a layer is {class_name: NAME, config: {ARGUMENTS}}")
        }
        guard let name = try container.decodeIfPresent(String.self, forKey: AnyKey("class_name")) else {
            throw ConfigurationError(key: here, "needs a class_name: one of \(Self.classNames.joined(separator: ", "))")
        }
        func config<S: Settings>(_ type: S.Type) throws -> S {
            try container.decodeIfPresent(S.self, forKey: AnyKey("config")) ?? S()
        }
        switch name {
        case "Conv2D": self = .conv2D(try config(Conv2DSettings.self))
        case "MaxPooling2D": self = .maxPooling2D(try config(MaxPooling2DSettings.self))
        case "Dropout": self = .dropout(try config(DropoutSettings.self))
        case "Flatten": _ = try config(NoSettings.self); self = .flatten
        case "Dense": self = .dense(try config(DenseSettings.self))
        case "BatchNormalization": self = .batchNormalization(try config(BatchNormalizationSettings.self))
        case "Activation": self = .activation(try config(ActivationSettings.self))
        default:
            let closest = ConfigurationError.closest(to: name, in: Self.classNames).map { "; did you mean '\($0)'?" } ?? ""
            throw ConfigurationError(key: here + ".class_name",
                                     "must be one of \(Self.classNames.joined(separator: ", ")) (got '\(name)')\(closest)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        try container.encode(className, forKey: AnyKey("class_name"))
        switch self {
        case .conv2D(let settings): try container.encode(settings, forKey: AnyKey("config"))
        case .maxPooling2D(let settings): try container.encode(settings, forKey: AnyKey("config"))
        case .dropout(let settings): try container.encode(settings, forKey: AnyKey("config"))
        case .flatten: break
        case .dense(let settings): try container.encode(settings, forKey: AnyKey("config"))
        case .batchNormalization(let settings): try container.encode(settings, forKey: AnyKey("config"))
        case .activation(let settings): try container.encode(settings, forKey: AnyKey("config"))
        }
    }

    /// The layer these settings describe; a required argument that is missing, or one out of
    /// range, is an error naming `key` (`model.2.config.units`).
    func layer(key: String) throws(ConfigurationError) -> any Layer {
        let config = key + ".config."
        switch self {
        case .conv2D(let c):
            guard let filters = c.filters else { throw ConfigurationError(key: config + "filters", "is required (Keras's Conv2D has no default)") }
            try require(filters, in: 1...Limits.layerWidth, config + "filters")
            try require(c.kernelSize, in: 1...Limits.windowSide, config + "kernel_size")
            try require(c.strides, in: 1...Limits.windowSide, config + "strides")
            return Conv2D(filters, kernelSize: c.kernelSize, strides: c.strides, padding: c.padding, activation: c.activation)
        case .maxPooling2D(let c):
            try require(c.poolSize, in: 1...Limits.windowSide, config + "pool_size")
            if let strides = c.strides { try require(strides, in: 1...Limits.windowSide, config + "strides") }
            return MaxPooling2D(poolSize: c.poolSize, strides: c.strides)
        case .dropout(let c):
            guard let rate = c.rate else { throw ConfigurationError(key: config + "rate", "is required: the fraction of inputs to drop") }
            try require(rate >= 0 && rate < 1, config + "rate", "must be in [0, 1) (got \(rate))")
            return Dropout(Float(rate))
        case .flatten:
            return Flatten()
        case .dense(let c):
            guard let units = c.units else { throw ConfigurationError(key: config + "units", "is required (Keras's Dense has no default)") }
            try require(units, in: 1...Limits.layerWidth, config + "units")
            return Dense(units, activation: c.activation)
        case .batchNormalization(let c):
            try require(c.momentum >= 0 && c.momentum < 1, config + "momentum", "must be in [0, 1) (got \(c.momentum))")
            try require(c.epsilon.isFinite && c.epsilon > 0, config + "epsilon", "must be a positive number (got \(c.epsilon))")
            return BatchNormalization(momentum: Float(c.momentum), epsilon: Float(c.epsilon))
        case .activation(let c):
            switch c.activation {
            case .relu: return ReLU()
            case .softmax: return Softmax()
            case .linear: throw ConfigurationError(key: config + "activation", "must be relu or softmax (linear changes nothing)")
            }
        }
    }

    /// The configuration of a layer of a named model, for `batchlab models --print`.
    public init?(_ layer: any Layer) {
        switch layer {
        case let conv as Conv2D where conv.kernelSize.height == conv.kernelSize.width:
            var c = Conv2DSettings()
            (c.filters, c.kernelSize, c.strides, c.padding, c.activation) = (conv.filters, conv.kernelSize.height, conv.strides,
                                                                             conv.padding, conv.activation)
            self = .conv2D(c)
        case let pool as MaxPooling2D:
            var c = MaxPooling2DSettings()
            (c.poolSize, c.strides) = (pool.poolSize, pool.strides == pool.poolSize ? nil : pool.strides)
            self = .maxPooling2D(c)
        case let dropout as Dropout:
            var c = DropoutSettings()
            c.rate = Double(dropout.rate)
            self = .dropout(c)
        case is Flatten: self = .flatten
        case let dense as Dense:
            var c = DenseSettings()
            (c.units, c.activation) = (dense.units, dense.activation)
            self = .dense(c)
        case let norm as BatchNormalization:
            var c = BatchNormalizationSettings()
            (c.momentum, c.epsilon) = (Double(norm.momentum), Double(norm.epsilon))
            self = .batchNormalization(c)
        case is ReLU: self = .activation(ActivationSettings())
        case is Softmax:
            var c = ActivationSettings()
            c.activation = .softmax
            self = .activation(c)
        default: return nil
        }
    }
}
