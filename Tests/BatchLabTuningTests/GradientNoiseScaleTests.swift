import Foundation
import Testing
@testable import BatchLabTuning

/// SplitMix64 uniforms turned into standard normals by Box–Muller.
private struct Normals {
    var state: UInt64
    var spare: Double?

    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (Double((z ^ (z >> 31)) >> 11) + 0.5) * 0x1p-53
    }

    mutating func normal() -> Double {
        if let value = spare { spare = nil; return value }
        let (radius, angle) = ((-2 * Foundation.log(uniform())).squareRoot(), 2 * Double.pi * uniform())
        spare = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }
}

/// Linear regression with known gradient noise. x ~ N(0, I_d), y = w*·x + ε, ε ~ N(0, σ²),
/// loss ½(w·x − y)². With u = w − w*, the per-example gradient is g = x(x·u) − xε.
///   G = E g = E[xxᵀ] u = u, so |G|² = |u|².
///   E|x(x·u)|² = E[(x·u)² |x|²]; rotating so u = |u|e₁: |u|² E[x₁²(x₁² + Σ_{k>1} x_k²)]
///     = |u|²(3 + (d − 1)) = (d + 2)|u|²  (E x₁⁴ = 3 for a Gaussian).
///   The cross term −2E[ε(x·u)|x|²] is 0 (ε independent, mean 0); E[ε²|x|²] = dσ².
///   So E|g|² = (d + 2)|u|² + dσ² and tr(Σ) = E|g|² − |G|² = (d + 1)|u|² + dσ².
/// With d = 5, |u|² = 1, σ = 1: tr(Σ) = 11, B_simple = 11.
///
/// Each measurement mirrors `GradientNormProbe`: a big batch of 64 split into 8 small batches of
/// 8; |G_small|² is the mean of their squared mean-gradient norms, |G_big|² the squared norm of
/// the big batch's mean gradient.
private func measurements(count: Int, u: [Double], sigma: Double = 1, seed: UInt64) -> [GradientNormPair] {
    var normals = Normals(state: seed)
    let (d, small, big) = (u.count, 8, 64)
    let squaredNorm = { (v: [Double], scale: Double) in v.reduce(0) { $0 + ($1 * scale) * ($1 * scale) } }
    return (0..<count).map { _ in
        var bigSum = [Double](repeating: 0, count: d)
        var smallNorms = 0.0
        for _ in 0..<(big / small) {
            var smallSum = [Double](repeating: 0, count: d)
            for _ in 0..<small {
                let x = (0..<d).map { _ in normals.normal() }
                let residual = zip(x, u).reduce(0) { $0 + $1.0 * $1.1 } - sigma * normals.normal()
                for k in 0..<d { smallSum[k] += x[k] * residual }
            }
            smallNorms += squaredNorm(smallSum, 1 / Double(small))
            for k in 0..<d { bigSum[k] += smallSum[k] }
        }
        return GradientNormPair(small: smallNorms / Double(big / small), big: squaredNorm(bigSum, 1 / Double(big)))
    }
}

struct GradientNoiseScaleTests {
    private let u = [0.6, -0.4, 0.5, 0.3, 0.14.squareRoot()]  // |u|² = 0.36 + 0.16 + 0.25 + 0.09 + 0.14 = 1

    /// By hand: B_small = 2, B_big = 8, pairs (2, 1) and (4, 2): means 3 and 1.5;
    /// |G|² = (8 · 1.5 − 2 · 3) / 6 = 1; tr(Σ) = (3 − 1.5) / (1/2 − 1/8) = 4; B_simple = 4.
    /// Standard errors: sd(2, 4) = √2 → √2/√2 = 1; sd(1, 2) = √½ → 0.5. Every resample has
    /// small = 2 · big, so every bootstrap B_simple is 4 too. Tolerance 1e-12.
    @Test func formulasByHand() {
        let estimate = GradientNoiseScale.estimate(smallBatchSize: 2, bigBatchSize: 8,
                                                   measurements: [.init(small: 2, big: 1), .init(small: 4, big: 2)], resamples: 50)
        let close = { (a: Double, b: Double) in abs(a - b) < 1e-12 }
        #expect(close(estimate.gradientNormSquared, 1) && close(estimate.traceCovariance, 4) && close(estimate.bSimple, 4))
        #expect(close(estimate.standardErrorSmall, 1) && close(estimate.standardErrorBig, 0.5))
        #expect(close(estimate.bootstrapMedian, 4) && close(estimate.interval90.low, 4) && close(estimate.interval90.high, 4))
        #expect(estimate.measurements == 2 && estimate.resamples == 50 && estimate.seed == 0)
    }

    /// |G|² = (8 · 0.1 − 2 · 1) / 6 < 0: the noise dominates, B_simple = +∞.
    @Test func nonPositiveGradientEstimateIsInfinite() {
        #expect(GradientNoiseScale.estimates(smallBatchSize: 2, bigBatchSize: 8, meanSmall: 1, meanBig: 0.1).bSimple == .infinity)
    }

    /// Tolerance 10%: with 4,000 measurements the estimate's spread is ≈ 3% (simulated).
    @Test func recoversAKnownNoiseScale() {
        let estimate = GradientNoiseScale.estimate(smallBatchSize: 8, bigBatchSize: 64,
                                                   measurements: measurements(count: 4000, u: u, seed: 7), seed: 1)
        #expect(abs(estimate.bSimple - 11) / 11 < 0.1)
        #expect(abs(estimate.gradientNormSquared - 1) < 0.1)
        #expect(abs(estimate.traceCovariance - 11) / 11 < 0.1)
        #expect(estimate.interval90.contains(11))
        #expect(estimate.interval90.low <= estimate.interval68.low && estimate.interval68.high <= estimate.interval90.high)
        #expect(estimate.interval68.contains(estimate.bootstrapMedian))
    }

    /// 16× the measurements should narrow the interval ≈ 4×; asserted: more than 2×.
    @Test func intervalNarrowsWithMoreMeasurements() {
        let few = GradientNoiseScale.estimate(smallBatchSize: 8, bigBatchSize: 64, measurements: measurements(count: 250, u: u, seed: 3))
        let many = GradientNoiseScale.estimate(smallBatchSize: 8, bigBatchSize: 64, measurements: measurements(count: 4000, u: u, seed: 3))
        let width = { (e: NoiseScaleEstimate) in e.interval90.high - e.interval90.low }
        #expect(width(few) > 2 * width(many))
    }

    /// At w = w* the true gradient is 0 (tr(Σ) = dσ² = 5): the |G|² estimate is noise around 0,
    /// B_simple infinite or huge, and the bootstrap's upper end infinite.
    @Test func zeroGradientIsNoiseDominated() throws {
        let estimate = GradientNoiseScale.estimate(smallBatchSize: 8, bigBatchSize: 64,
                                                   measurements: measurements(count: 1000, u: [0, 0, 0, 0, 0], seed: 11))
        #expect(abs(estimate.traceCovariance - 5) / 5 < 0.1)
        #expect(estimate.bSimple == .infinity || estimate.bSimple > 200)
        #expect(estimate.interval90.high == .infinity)
        let data = try JSONEncoder().encode(estimate)
        #expect(try JSONDecoder().decode(NoiseScaleEstimate.self, from: data) == estimate)
    }

    @Test func bootstrapIsReproducibleFromItsSeed() {
        let data = measurements(count: 100, u: u, seed: 5)
        let first = GradientNoiseScale.estimate(smallBatchSize: 8, bigBatchSize: 64, measurements: data, seed: 42)
        #expect(first == GradientNoiseScale.estimate(smallBatchSize: 8, bigBatchSize: 64, measurements: data, seed: 42))
        #expect(first.interval68 != GradientNoiseScale.estimate(smallBatchSize: 8, bigBatchSize: 64, measurements: data, seed: 43).interval68)
    }

    /// NumPy's linear percentiles: np.percentile([1, 2, 3, 4, 5], [16, 50, 84]) = [1.64, 3, 4.36];
    /// [1, 2, ∞] at 50 is 2, at 90 (rank 1.8, between 2 and ∞) is ∞. Tolerance 1e-12.
    @Test func percentilesAsNumPy() {
        #expect(abs(GradientNoiseScale.percentile([1, 2, 3, 4, 5], 16) - 1.64) < 1e-12)
        #expect(GradientNoiseScale.percentile([1, 2, 3, 4, 5], 50) == 3)
        #expect(abs(GradientNoiseScale.percentile([1, 2, 3, 4, 5], 84) - 4.36) < 1e-12)
        #expect(GradientNoiseScale.percentile([1, 2, .infinity], 50) == 2)
        #expect(GradientNoiseScale.percentile([1, 2, .infinity], 90) == .infinity)
        #expect(GradientNoiseScale.percentile([.infinity, .infinity], 50) == .infinity)
    }
}
