import BatchLabNN

// The arguments of each layer a model list may hold, with Keras's names and, where Keras has
// them, its defaults (`kernel_size` 3 and `pool_size` 2 are BatchLab's: Keras requires a kernel size).

/// Keras `Conv2D`: `filters` (required), square `kernel_size` (default 3) and `strides`, `padding`, `activation`.
public struct Conv2DSettings: Settings {
    public var filters: Int?
    public var kernelSize = 3
    public var strides = 1
    public var padding = Padding.valid
    public var activation = Activation.linear

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("filters", \.filters), .init("kernel_size", \.kernelSize), .init("strides", \.strides),
        .init("padding", \.padding), .init("activation", \.activation),
    ]
}

/// Keras `Dense`: `units` (required) and `activation`.
public struct DenseSettings: Settings {
    public var units: Int?
    public var activation = Activation.linear

    public init() {}

    public static let fields: [SettingField<Self>] = [.init("units", \.units), .init("activation", \.activation)]
}

/// Keras `MaxPooling2D`: square `pool_size`, `strides` (default: the pool size), valid padding.
public struct MaxPooling2DSettings: Settings {
    public var poolSize = 2
    public var strides: Int?

    public init() {}

    public static let fields: [SettingField<Self>] = [.init("pool_size", \.poolSize), .init("strides", \.strides)]
}

/// Keras `Dropout`: the fraction `rate` (required) of inputs zeroed in training.
public struct DropoutSettings: Settings {
    public var rate: Double?

    public init() {}

    public static let fields: [SettingField<Self>] = [.init("rate", \.rate)]
}

/// Keras `BatchNormalization` over channels: `momentum` of the moving statistics, `epsilon`.
public struct BatchNormalizationSettings: Settings {
    public var momentum = 0.99
    public var epsilon = 0.001

    public init() {}

    public static let fields: [SettingField<Self>] = [.init("momentum", \.momentum), .init("epsilon", \.epsilon)]
}

/// Keras `Activation`: `activation` applied on its own (relu or softmax).
public struct ActivationSettings: Settings {
    public var activation = Activation.relu

    public init() {}

    public static let fields: [SettingField<Self>] = [.init("activation", \.activation)]
}

/// A layer without arguments (`Flatten`).
public struct NoSettings: Settings {
    public init() {}

    public static let fields: [SettingField<Self>] = []
}

extension Padding: SettingChoice {}
extension Activation: SettingChoice {}
