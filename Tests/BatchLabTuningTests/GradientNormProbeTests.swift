import BatchLabCore
import Testing
@testable import BatchLabTuning

@Suite struct GradientNormProbeTests {
    /// With every example the same (and no dropout) every batch's mean gradient is the same, so
    /// there is no noise: |G_small|² = |G_big|² (to float rounding, 1e-5 relative) and tr(Σ) ≈ 0.
    @Test func identicalExamplesHaveNoNoise() throws {
        let probe = GradientNormProbe(network: try smallNetwork(), dataset: randomImages(count: 16, identical: true),
                                      smallBatchSize: 4, bigBatchSize: 16, seed: 1)
        for pair in try probe.measure(count: 3) {
            #expect(pair.small > 0)
            #expect(abs(pair.small - pair.big) <= 1e-5 * pair.small)
        }
    }

    /// On random images a small batch's gradient is noisier: E|G_B|² = |G|² + tr(Σ)/B is larger
    /// at B = 2 than at B = 32 (averaged over 20 pairs); the weights are untouched.
    @Test func smallBatchesAreNoisierAndWeightsStay() throws {
        let network = try smallNetwork(dropout: true)
        _ = try network.plan(batchSize: 2, training: true)  // fixes the parameters' layouts
        let before = snapshot(network)
        let probe = GradientNormProbe(network: network, dataset: randomImages(count: 64), smallBatchSize: 2, bigBatchSize: 32, seed: 1)
        let pairs = try probe.measure(count: 20)
        let mean = { (values: [Double]) in values.reduce(0, +) / Double(values.count) }
        #expect(mean(pairs.map(\.small)) > 1.5 * mean(pairs.map(\.big)))
        #expect(snapshot(network) == before)
        let estimate = GradientNoiseScale.estimate(smallBatchSize: 2, bigBatchSize: 32, measurements: pairs)
        #expect(estimate.traceCovariance > 0)
    }
}
