/// How the learning rate follows the batch size when a run departs from a reference batch size B₀.
///
/// With base rate η₀ tuned at batch size B₀, a run at batch size B uses:
/// - `none`:   η = η₀
/// - `linear`: η = η₀ · B / B₀ — the linear scaling rule of Goyal et al. 2017, "Accurate, Large
///   Minibatch SGD: Training ImageNet in 1 Hour" (arXiv:1706.02677).
/// - `sqrt`:   η = η₀ · √(B / B₀) — the square-root rule, which keeps the variance of the update
///   constant: Krizhevsky 2014, "One weird trick for parallelizing convolutional neural networks"
///   (arXiv:1404.5997); Hoffer et al. 2017, "Train longer, generalize better" (arXiv:1705.08741).
///
/// Example: η₀ = 0.001 at B₀ = 32, run at B = 128 → linear 0.004, sqrt 0.002.
public enum LearningRateScaling: String, CaseIterable, Equatable, Sendable {
    case none
    case linear
    case sqrt

    /// The learning rate for `batchSize`, given `base` tuned at `baseBatchSize`.
    public func effectiveLearningRate(base: Double, baseBatchSize: Int, batchSize: Int) -> Double {
        let ratio = Double(batchSize) / Double(baseBatchSize)
        switch self {
        case .none: return base
        case .linear: return base * ratio
        case .sqrt: return base * ratio.squareRoot()
        }
    }
}
