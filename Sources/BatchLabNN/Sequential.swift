/// A model as a value: an ordered list of layers, written with a result builder.
///
/// ```swift
/// let model = Sequential(name: "tiny") {
///     Conv2D(8, kernelSize: 3, padding: .same, activation: .relu)
///     Flatten()
///     Dense(10, activation: .softmax)
/// }
/// ```
public struct Sequential {
    public var name: String
    public var layers: [any Layer]

    public init(name: String = "sequential", @LayerBuilder _ layers: () -> [any Layer]) {
        self.name = name
        self.layers = layers()
    }

    /// One line per layer with its output shape and parameter count, for an input of `inputShape`.
    public func summary(inputShape: [Int]) throws -> [(layer: String, outputShape: [Int], parameters: Int)] {
        var shape = inputShape
        return try layers.map { layer in
            let count = layer.parameterSpecs(for: shape).reduce(0) { $0 + $1.count }
            shape = try layer.outputShape(for: shape)
            return (layer.summary, shape, count)
        }
    }

    /// Total number of parameters (trainable and not), as Keras's `count_params()`.
    public func parameterCount(inputShape: [Int]) throws -> Int {
        try summary(inputShape: inputShape).reduce(0) { $0 + $1.parameters }
    }
}

@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: any Layer) -> [any Layer] { [layer] }
    public static func buildBlock(_ layers: [any Layer]...) -> [any Layer] { layers.flatMap { $0 } }
    public static func buildOptional(_ layers: [any Layer]?) -> [any Layer] { layers ?? [] }
    public static func buildEither(first layers: [any Layer]) -> [any Layer] { layers }
    public static func buildEither(second layers: [any Layer]) -> [any Layer] { layers }
    public static func buildArray(_ layers: [[any Layer]]) -> [any Layer] { layers.flatMap { $0 } }
}
