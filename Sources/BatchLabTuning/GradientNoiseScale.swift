import BatchLabCore
import Foundation

/// The simple gradient noise scale B_simple = tr(Σ) / |G|² (McCandlish et al. 2018, "An
/// Empirical Model of Large-Batch Training", §2.2 and Appendix A): the batch size at which the
/// noise in a batch's mean gradient is as large as the gradient itself. Σ is the per-example
/// gradient covariance and G the true gradient.
///
/// The mean gradient over B i.i.d. examples has E|G_B|² = |G|² + tr(Σ) / B, so two batch sizes
/// B_small < B_big give unbiased estimates (Appendix A.1) from the MEANS of n paired measurements
/// (a ratio of averages, not an average of ratios, which would be biased):
///
///     |G|²  ≈ (B_big · mean|G_big|² − B_small · mean|G_small|²) / (B_big − B_small)
///     tr(Σ) ≈ (mean|G_small|² − mean|G_big|²) / (1 / B_small − 1 / B_big)
///
/// When the |G|² estimate is ≤ 0 the noise swamps the gradient at these batch sizes and
/// B_simple is +∞. A negative tr(Σ) estimate (noise too small to measure) gives a negative
/// B_simple, kept as computed; read it as ≈ 0.
///
/// Uncertainty by the bootstrap (Efron 1979): resample the n pairs with replacement (default
/// 1,000 times) and recompute; percentiles by linear interpolation (NumPy's default). The 16th–84th
/// percentiles span ≈ 1σ, the 5th–95th 90%.
public enum GradientNoiseScale {
    /// The three estimates from mean squared norms.
    public static func estimates(smallBatchSize: Int, bigBatchSize: Int, meanSmall: Double, meanBig: Double)
        -> (gradientNormSquared: Double, traceCovariance: Double, bSimple: Double) {
        let (small, big) = (Double(smallBatchSize), Double(bigBatchSize))
        let gradient = (big * meanBig - small * meanSmall) / (big - small)
        let trace = (meanSmall - meanBig) / (1 / small - 1 / big)
        // No gradient and no noise (a saturated network) or a non-finite norm: nothing measured.
        guard gradient.isFinite, trace.isFinite, gradient != 0 || trace != 0 else { return (gradient, trace, .nan) }
        return (gradient, trace, gradient > 0 ? trace / gradient : .infinity)
    }

    /// The estimate with a bootstrap seeded by `seed` (SplitMix64), reproducible from it.
    public static func estimate(smallBatchSize: Int, bigBatchSize: Int, measurements: [GradientNormPair],
                                resamples: Int = 1000, seed: UInt64 = 0, step: Int? = nil, epoch: Int? = nil) -> NoiseScaleEstimate {
        var generator = SplitMix64(seed: seed)
        var result = estimate(smallBatchSize: smallBatchSize, bigBatchSize: bigBatchSize, measurements: measurements,
                              resamples: resamples, using: &generator, step: step, epoch: epoch)
        result.seed = seed
        return result
    }

    public static func estimate(smallBatchSize: Int, bigBatchSize: Int, measurements: [GradientNormPair], resamples: Int = 1000,
                                using generator: inout some RandomNumberGenerator, step: Int? = nil, epoch: Int? = nil) -> NoiseScaleEstimate {
        precondition(smallBatchSize >= 1 && bigBatchSize > smallBatchSize,
                     "the noise scale needs 1 ≤ small batch < big batch (got \(smallBatchSize) and \(bigBatchSize))")
        let n = measurements.count
        precondition(n >= 2, "the noise scale needs at least 2 measurements (got \(n)); McCandlish et al. average many")
        precondition(resamples >= 1, "the bootstrap needs at least 1 resample (got \(resamples))")
        let small = measurements.map(\.small), big = measurements.map(\.big)
        let point = estimates(smallBatchSize: smallBatchSize, bigBatchSize: bigBatchSize, meanSmall: mean(small), meanBig: mean(big))
        var samples = (0..<resamples).map { _ in
            var (sumSmall, sumBig) = (0.0, 0.0)
            for _ in 0..<n {
                let pair = measurements[Int.random(in: 0..<n, using: &generator)]
                sumSmall += pair.small
                sumBig += pair.big
            }
            return estimates(smallBatchSize: smallBatchSize, bigBatchSize: bigBatchSize,
                             meanSmall: sumSmall / Double(n), meanBig: sumBig / Double(n)).bSimple
        }
        samples.sort()
        let interval = { (low: Double, high: Double) in
            NoiseScaleEstimate.Interval(low: percentile(samples, low), high: percentile(samples, high))
        }
        return NoiseScaleEstimate(
            smallBatchSize: smallBatchSize, bigBatchSize: bigBatchSize, measurements: n,
            meanSmallNormSquared: mean(small), meanBigNormSquared: mean(big),
            standardErrorSmall: standardError(small), standardErrorBig: standardError(big),
            gradientNormSquared: point.gradientNormSquared, traceCovariance: point.traceCovariance,
            bSimple: point.bSimple, bootstrapMedian: percentile(samples, 50),
            interval68: interval(16, 84), interval90: interval(5, 95), resamples: resamples, seed: nil, step: step, epoch: epoch)
    }

    // MARK: - Statistics

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    /// The standard error of the mean: sample standard deviation (n − 1) / √n.
    static func standardError(_ values: [Double]) -> Double {
        let m = mean(values)
        let variance = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }

    /// The `p`th percentile of ascending `sorted` values, interpolated linearly between ranks as
    /// NumPy's default; +∞ ranks give +∞.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let rank = Double(sorted.count - 1) * p / 100
        let (lower, upper) = (sorted[Int(rank.rounded(.down))], sorted[Int(rank.rounded(.up))])
        let fraction = rank - rank.rounded(.down)
        return fraction == 0 || lower == upper ? lower : lower + (upper - lower) * fraction
    }
}
