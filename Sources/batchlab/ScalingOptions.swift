import ArgumentParser
import BatchLabExperiments

/// `--scale-lr`: the learning rate for this batch size from one tuned at another.
struct ScalingOptions: ParsableArguments {
    @Option(help: "Scale the learning rate with the batch size: linear (Goyal et al. 2017), sqrt, or none.")
    var scaleLr: LearningRateScaling = .none
    @Option(help: "The batch size the base learning rate was tuned for.") var baseBatchSize = 32
    @Option(help: "The learning rate tuned at --base-batch-size (default: --lr).") var baseLr: Float?

    func validate() throws {
        guard baseBatchSize >= 1 else { throw ValidationError("--base-batch-size must be ≥ 1 (got \(baseBatchSize))") }
        if let baseLr, !(baseLr.isFinite && baseLr > 0) {
            throw ValidationError("--base-lr must be a positive number (got \(baseLr))")
        }
    }

    /// The rate asked for and the one to train with.
    func learningRates(lr: Float, batchSize: Int) -> (requested: Float, effective: Float) {
        let base = baseLr ?? lr
        let effective = scaleLr.effectiveLearningRate(base: Double(base), baseBatchSize: baseBatchSize, batchSize: batchSize)
        // Shortest decimal form of the product, so 0.001 × 4 records as 0.004.
        return (base, Float("\(Float(effective))")!)
    }
}

extension LearningRateScaling: ExpressibleByArgument {}
