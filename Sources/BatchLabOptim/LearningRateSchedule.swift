import Foundation

/// A learning rate as a pure function of the training step (0-based), as mlx-swift's and
/// Keras's schedules: a run's rate at any step follows from its config alone, so a resumed run
/// needs nothing saved for it.
public protocol LearningRateSchedule: Sendable {
    func learningRate(atStep step: Int) -> Float
}

/// The same rate at every step.
public struct ConstantSchedule: LearningRateSchedule {
    public var learningRate: Float
    public init(_ learningRate: Float) { self.learningRate = learningRate }
    public func learningRate(atStep step: Int) -> Float { learningRate }
}

/// Step decay: lr · rate^⌊step / stepsPerDrop⌋ — e.g. halve every 10 epochs
/// (Keras `ExponentialDecay(staircase: true)`).
public struct StepDecay: LearningRateSchedule {
    public var initial: Float, rate: Float, stepsPerDrop: Int
    public init(initial: Float, rate: Float, stepsPerDrop: Int) {
        precondition(stepsPerDrop >= 1)
        (self.initial, self.rate, self.stepsPerDrop) = (initial, rate, stepsPerDrop)
    }
    public func learningRate(atStep step: Int) -> Float {
        initial * Float(Foundation.pow(Double(rate), Double(step / stepsPerDrop)))
    }
}

/// Exponential decay: lr · rate^(step / decaySteps), smooth (Keras `ExponentialDecay`).
public struct ExponentialDecay: LearningRateSchedule {
    public var initial: Float, rate: Float, decaySteps: Int
    public init(initial: Float, rate: Float, decaySteps: Int) {
        precondition(decaySteps >= 1)
        (self.initial, self.rate, self.decaySteps) = (initial, rate, decaySteps)
    }
    public func learningRate(atStep step: Int) -> Float {
        initial * Float(Foundation.pow(Double(rate), Double(step) / Double(decaySteps)))
    }
}

/// Cosine decay (Loshchilov & Hutter 2017, SGDR without restarts; Keras `CosineDecay`):
/// lr · (α + (1 − α) · ½(1 + cos(π · min(step, decaySteps) / decaySteps))), from lr down to α·lr.
public struct CosineDecay: LearningRateSchedule {
    public var initial: Float, decaySteps: Int, alpha: Float
    public init(initial: Float, decaySteps: Int, alpha: Float = 0) {
        precondition(decaySteps >= 1)
        (self.initial, self.decaySteps, self.alpha) = (initial, decaySteps, alpha)
    }
    public func learningRate(atStep step: Int) -> Float {
        let progress = Double(min(step, decaySteps)) / Double(decaySteps)
        let cosine = 0.5 * (1 + cos(Double.pi * progress))
        return initial * Float(Double(alpha) + (1 - Double(alpha)) * cosine)
    }
}

/// Linear warmup (Goyal et al. 2017, "Accurate, Large Minibatch SGD", §2.2): the rate climbs in
/// equal steps from `start` to `then`'s rate over the first `warmupSteps` steps, then follows
/// `then`, shifted so it starts where the warmup ends.
public struct LinearWarmup: LearningRateSchedule {
    public var start: Float, warmupSteps: Int
    public var then: any LearningRateSchedule
    public init(start: Float, warmupSteps: Int, then: any LearningRateSchedule) {
        precondition(warmupSteps >= 1)
        (self.start, self.warmupSteps, self.then) = (start, warmupSteps, then)
    }
    public func learningRate(atStep step: Int) -> Float {
        guard step < warmupSteps else { return then.learningRate(atStep: step - warmupSteps) }
        let target = then.learningRate(atStep: 0)
        return start + (target - start) * Float(step) / Float(warmupSteps)
    }
}
