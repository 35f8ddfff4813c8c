import BatchLabNN

/// Stochastic gradient descent with momentum and optional Nesterov momentum, Keras's `SGD`:
///
///     velocity ← momentum · velocity − lr · g
///     θ ← θ + velocity                          (classical)
///     θ ← θ + momentum · velocity − lr · g      (Nesterov)
///
/// Defaults: momentum 0, Nesterov off (plain SGD: θ ← θ − lr · g). At a constant lr this is
/// PyTorch's SGD too (its buffer b gives velocity = −lr · b).
///
/// `weightDecay` λ is L2 coupled into the gradient as PyTorch's `SGD(weight_decay=λ)` defines it:
/// g ← g + λ θ before the momentum step (the gradient buffer and the loss are unchanged; padding
/// zeros stay zero). Without momentum this equals decoupled decay, θ ← θ(1 − lr·λ) − lr·g; with
/// momentum it does not, and Keras 3's `SGD(weight_decay=λ)` is decoupled (θ ← θ − lr·λ·θ before
/// the step). Keras's `kernel_regularizer=l2(c)` adds c·Σθ² to the loss, gradient 2cθ: λ = 2c.
public struct SGD: Optimizer {
    public var momentum: Float
    public var nesterov: Bool
    /// Coupled L2 weight decay λ: g ← g + λ θ; 0 is off.
    public var weightDecay: Float
    public private(set) var iterations = 0
    private var velocity: [[Float]] = []

    public init(momentum: Float = 0, nesterov: Bool = false, weightDecay: Float = 0) {
        self.weightDecay = weightDecay
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public var slots: [String: [[Float]]] { velocity.isEmpty ? [:] : ["velocity": velocity] }

    public mutating func restore(iterations: Int, slots: [String: [[Float]]]) throws {
        self.iterations = iterations
        guard !slots.isEmpty else { return velocity = [] }
        velocity = try savedSlot("velocity", in: slots, sizes: slots["velocity"]?.map(\.count) ?? [])
    }

    public mutating func update(_ parameters: [Parameter], learningRate: Float) {
        if velocity.count != parameters.count { velocity = zeroSlots(for: parameters) }
        iterations += 1
        let (lr, mu, nesterov, lambda) = (learningRate, momentum, nesterov, weightDecay)
        for (index, parameter) in parameters.enumerated() {
            let (p, g) = (parameter.value.floats, parameter.gradient.floats)
            velocity[index].withUnsafeMutableBufferPointer { velocity in
                for i in 0..<p.count {
                    let gi = lambda == 0 ? g[i] : g[i] + lambda * p[i]
                    velocity[i] = mu * velocity[i] - lr * gi
                    p[i] += nesterov ? mu * velocity[i] - lr * gi : velocity[i]
                }
            }
        }
    }
}
