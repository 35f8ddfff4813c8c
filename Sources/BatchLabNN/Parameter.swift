import BatchLabCore

/// How a layer declares a parameter: name, logical shape, initial values, whether it trains.
public struct ParameterSpec {
    public var name: String
    public var shape: [Int]
    public var initializer: Initializer
    /// False for state such as batch normalization's running mean, updated by the layer itself.
    public var trainable: Bool

    public init(name: String, shape: [Int], initializer: Initializer, trainable: Bool = true) {
        self.name = name
        self.shape = shape
        self.initializer = initializer
        self.trainable = trainable
    }

    public var count: Int { shape.reduce(1, *) }
}

/// A parameter's values and gradient, stored in the layout its primitives prefer.
///
/// Parameters start in the plain layout; the first kernel that uses one may move it once to the
/// layout its primitive prefers (`adoptLayout`). After the network freezes layouts, kernels that
/// prefer another layout reorder on the fly.
public final class Parameter {
    public let name: String
    public let shape: [Int]
    public let trainable: Bool
    public private(set) var value: Tensor
    public private(set) var gradient: Tensor
    private var layoutFrozen = false

    public init(_ spec: ParameterSpec, engine: Engine, generator: inout SplitMix64) {
        name = spec.name
        shape = spec.shape
        trainable = spec.trainable
        value = Tensor(plain: spec.shape, engine: engine)
        gradient = Tensor(plain: spec.shape, engine: engine)
        spec.initializer.fill(value.floats, shape: spec.shape, generator: &generator)
    }

    /// Moves value and gradient to `desc` unless layouts are frozen.
    public func adoptLayout(_ desc: MemoryDesc, engine: Engine) throws {
        guard !layoutFrozen, desc != value.desc else { return }
        let moved = Tensor(desc, engine: engine)
        try Reorder(from: value, to: moved, engine: engine).execute(on: engine)
        engine.wait()
        value = moved
        gradient = Tensor(desc, engine: engine)
    }

    /// Fixes the current layout: optimizer state is allocated to match it.
    public func freezeLayout() { layoutFrozen = true }

    /// Number of logical elements.
    public var count: Int { shape.reduce(1, *) }
}
