import BatchLabConfig
import BatchLabOptim

extension OptimizerSettings {
    /// The optimizer these settings describe (the learning rate comes with each step).
    public func makeOptimizer(threads: Int) -> any Optimizer {
        switch name {
        case .adam:
            Adam(beta1: Float(beta1), beta2: Float(beta2), epsilon: Float(epsilon), weightDecay: Float(weightDecay), threads: threads)
        case .sgd:
            SGD(momentum: Float(momentum), nesterov: nesterov, weightDecay: Float(weightDecay))
        }
    }
}
