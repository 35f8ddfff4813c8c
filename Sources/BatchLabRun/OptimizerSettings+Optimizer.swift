import BatchLabConfig
import BatchLabOptim

extension OptimizerSettings {
    /// The optimizer these settings describe, at `learningRate` (the scaled rate).
    public func makeOptimizer(learningRate: Double, threads: Int) -> any Optimizer {
        switch name {
        case .adam:
            Adam(learningRate: Float(learningRate), beta1: Float(beta1), beta2: Float(beta2), epsilon: Float(epsilon),
                 weightDecay: Float(weightDecay), threads: threads)
        case .sgd:
            SGD(learningRate: Float(learningRate), momentum: Float(momentum), nesterov: nesterov, weightDecay: Float(weightDecay))
        }
    }
}
