/// A measured gradient noise scale (see `GradientNoiseScale`) with its bootstrap uncertainty and
/// the raw means it came from. B_simple, the bootstrap median and interval ends may be +∞ (the
/// |G|² estimate was ≤ 0); JSON holds +∞ as "inf" (`NonFiniteAsString`).
public struct NoiseScaleEstimate: Codable, Equatable, Sendable {
    /// Bootstrap percentiles of B_simple.
    public struct Interval: Codable, Equatable, Sendable {
        @NonFiniteAsString public var low: Double
        @NonFiniteAsString public var high: Double

        public init(low: Double, high: Double) {
            self.low = low
            self.high = high
        }

        public func contains(_ value: Double) -> Bool { low <= value && value <= high }
    }

    public var smallBatchSize: Int
    public var bigBatchSize: Int
    /// The number of (|G_small|², |G_big|²) pairs.
    public var measurements: Int
    /// mean |G_small|² and mean |G_big|², with the standard errors of those means.
    public var meanSmallNormSquared: Double
    public var meanBigNormSquared: Double
    public var standardErrorSmall: Double
    public var standardErrorBig: Double
    /// The unbiased estimates of |G|² and tr(Σ).
    public var gradientNormSquared: Double
    public var traceCovariance: Double
    /// B_simple = tr(Σ) / |G|², the point estimate.
    @NonFiniteAsString public var bSimple: Double
    @NonFiniteAsString public var bootstrapMedian: Double
    /// 16th–84th percentiles (≈ 1σ).
    public var interval68: Interval
    /// 5th–95th percentiles.
    public var interval90: Interval
    public var resamples: Int
    /// The bootstrap's seed; nil when it drew from a caller's generator.
    public var seed: UInt64?
    /// When it was measured, if known.
    public var step: Int?
    public var epoch: Int?

    /// True when the noise swamped the gradient: B_simple is +∞.
    public var isNoiseDominated: Bool { bSimple == .infinity }
}
