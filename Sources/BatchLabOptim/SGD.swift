import BatchLabNN

/// Stochastic gradient descent with momentum and optional Nesterov momentum, Keras's `SGD`:
///
///     velocity ← momentum · velocity − lr · g
///     θ ← θ + velocity                          (classical)
///     θ ← θ + momentum · velocity − lr · g      (Nesterov)
///
/// Defaults: momentum 0, Nesterov off (plain SGD: θ ← θ − lr · g).
public struct SGD: Optimizer {
    public var learningRate: Float
    public var momentum: Float
    public var nesterov: Bool
    public private(set) var iterations = 0
    private var velocity: [[Float]] = []

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public var slots: [String: [[Float]]] { velocity.isEmpty ? [:] : ["velocity": velocity] }

    public mutating func restore(iterations: Int, slots: [String: [[Float]]]) throws {
        self.iterations = iterations
        guard !slots.isEmpty else { return velocity = [] }
        velocity = try savedSlot("velocity", in: slots, sizes: slots["velocity"]?.map(\.count) ?? [])
    }

    public mutating func update(_ parameters: [Parameter]) {
        if velocity.count != parameters.count { velocity = zeroSlots(for: parameters) }
        iterations += 1
        let (lr, mu, nesterov) = (learningRate, momentum, nesterov)
        for (index, parameter) in parameters.enumerated() {
            let (p, g) = (parameter.value.floats, parameter.gradient.floats)
            velocity[index].withUnsafeMutableBufferPointer { velocity in
                for i in 0..<p.count {
                    velocity[i] = mu * velocity[i] - lr * g[i]
                    p[i] += nesterov ? mu * velocity[i] - lr * g[i] : velocity[i]
                }
            }
        }
    }
}
