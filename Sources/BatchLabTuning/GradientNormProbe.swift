import BatchLabCore
import BatchLabData
import BatchLabNN
import BatchLabTraining

/// Measures the squared norms of mean gradients at the network's current weights, the raw
/// material of the gradient noise scale (McCandlish et al. 2018, Appendix A).
///
/// One measurement draws `bigBatchSize` examples at random (with replacement, so batches are
/// i.i.d. as the estimator assumes), splits them into `bigBatchSize / smallBatchSize` small
/// batches, and back-propagates each: |G_small|² is the mean of the small batches' squared
/// gradient norms, |G_big|² the squared norm of their average — the big batch's gradient. The
/// weights, the optimizer and the training run's random streams are not touched (state that a
/// training-mode forward pass updates, such as batch normalization's moving averages, is put
/// back); dropout masks come from step numbers far beyond any training step. With batch
/// normalization, a small batch's gradient is not a mean of per-example gradients, so the
/// estimate is only indicative.
public final class GradientNormProbe {
    public let network: Network
    public let dataset: any Dataset
    public let smallBatchSize: Int
    public let bigBatchSize: Int
    private var generator: SplitMix64
    private var probeStep: UInt64 = 1 << 62
    private let loss = CategoricalCrossentropy()

    /// `bigBatchSize` must be a multiple of `smallBatchSize`, at least twice it.
    public init(network: Network, dataset: any Dataset, smallBatchSize: Int, bigBatchSize: Int, seed: UInt64) {
        precondition(smallBatchSize >= 1 && bigBatchSize >= 2 * smallBatchSize && bigBatchSize % smallBatchSize == 0)
        self.network = network
        self.dataset = dataset
        self.smallBatchSize = smallBatchSize
        self.bigBatchSize = bigBatchSize
        generator = SplitMix64(seed: SplitMix64.derive(seed, 0x9A01E))
    }

    /// `count` measurements of (|G_small|², |G_big|²); throws `Interrupted` at the first small
    /// batch after `shouldStop` returns true.
    public func measure(count: Int, shouldStop: () -> Bool = { false }) throws -> [GradientNormPair] {
        let state = network.parameters.filter { !$0.trainable }
        let saved = state.map { Array($0.value.floats) }
        defer { for (parameter, values) in zip(state, saved) { _ = parameter.value.floats.update(fromContentsOf: values) } }
        return try (0..<count).map { _ in try measureOne(shouldStop: shouldStop) }
    }

    private func measureOne(shouldStop: () -> Bool) throws -> GradientNormPair {
        let plan = try network.plan(batchSize: smallBatchSize, training: true)
        let parameters = network.trainableParameters
        let classes = network.outputShape[0]
        var sum = [Double](repeating: 0, count: parameters.reduce(0) { $0 + $1.gradient.floats.count })
        var targets = [Float](repeating: 0, count: smallBatchSize * classes)
        var smallNorms = 0.0
        let batches = bigBatchSize / smallBatchSize
        for _ in 0..<batches {
            if shouldStop() { throw Interrupted() }
            let indices = (0..<smallBatchSize).map { _ in Int(generator.next() % UInt64(dataset.count)) }
            targets.withUnsafeMutableBufferPointer { targets in
                dataset.fill(indices[...], inputs: plan.input.floats.baseAddress!, targets: targets.baseAddress!)
            }
            try plan.forward(step: probeStep)
            loss.logitGradient(probabilities: plan.output.floats.baseAddress!, targets: targets, count: smallBatchSize,
                               batchSize: smallBatchSize, classes: classes, into: plan.lossGradient.floats.baseAddress!)
            try plan.backward(step: probeStep)
            probeStep += 1
            var offset = 0
            for parameter in parameters {
                for value in parameter.gradient.floats {
                    let gradient = Double(value)
                    smallNorms += gradient * gradient
                    sum[offset] += gradient
                    offset += 1
                }
            }
        }
        let bigNorm = sum.reduce(0) { $0 + ($1 / Double(batches)) * ($1 / Double(batches)) }
        return GradientNormPair(small: smallNorms / Double(batches), big: bigNorm)
    }
}
