import BatchLabConfig

/// Which batch size to train with, from a noise scale and measured throughput.
///
/// By McCandlish et al.'s model (`StepsToTargetModel`) the wall-clock time to a target at batch
/// size B is S(B) · B / ips(B) = S_min · (B + B_noise) / ips(B), with ips the images per second
/// measured at B; relative to the current batch size B₀,
///
///     time(B) / time(B₀) = [(B + B_noise) / ips(B)] / [(B₀ + B_noise) / ips(B₀)]
///
/// (ips(B₀) / ips(B) when B_noise = +∞). The recommendation is the fastest candidate with
/// B ≤ 2 · B_noise (smaller B on ties). Why the cap: B = B_noise balances time and compute
/// (S = 2 S_min, E = 2 E_min); at 2 · B_noise, S = 1.5 S_min for E = 3 E_min, and doubling again
/// saves only S_min / 4 more steps for E = 5 E_min — speed bought with compute, on a noise scale
/// that is itself an estimate. When every candidate is
/// above the cap, the smallest is recommended. The learning rate follows the linear scaling rule
/// (Goyal et al. 2017), lr₀ · B / B₀, meant for SGD at B ≲ B_noise, or the square-root rule
/// lr₀ · √(B / B₀), which suits Adam (Malladi et al. 2022, "On the SDEs and Scaling Rules for
/// Adaptive Gradient Algorithms"; on seed-cnn the linear rule diverged at batch 1024, see the README).
///
/// Regions: `perfectScaling` for B ≤ B_noise / 4, `diminishingReturns` for B ≥ 4 · B_noise,
/// `transition` between.
public struct BatchSizeAdvice: Codable, Equatable, Sendable {
    public enum Region: String, Codable, Sendable {
        case perfectScaling, transition, diminishingReturns
    }

    /// One candidate batch size.
    public struct Candidate: Codable, Equatable, Sendable {
        public var batchSize: Int
        public var imagesPerSecond: Double
        /// S / S_min = 1 + B_noise / B ("inf" in JSON when B_noise is +∞).
        @NonFiniteAsString public var relativeSteps: Double
        /// E / E_min = 1 + B / B_noise.
        public var relativeExamples: Double
        /// Predicted time to target over that at the current batch size.
        public var relativeTime: Double
        public var learningRate: Double
        public var region: Region
    }

    /// B_noise, e.g. a measured B_simple; "inf" in JSON when +∞.
    @NonFiniteAsString public var noiseScale: Double
    public var currentBatchSize: Int
    public var currentLearningRate: Double
    /// How the learning rate follows the batch size (the configuration's `lr_scaling.rule`).
    public var learningRateRule: LearningRateScaling
    /// Ascending by batch size.
    public var candidates: [Candidate]
    public var recommendedBatchSize: Int
    public var recommendedLearningRate: Double
    /// time(recommended) / time(current).
    public var predictedTimeRatio: Double
    /// 1 − `predictedTimeRatio`: the fraction of wall-clock time saved (negative: lost).
    public var predictedSaving: Double

    /// `imagesPerSecond` maps each candidate batch size to its measured throughput and must
    /// include `currentBatchSize`.
    public init(noiseScale: Double, currentBatchSize: Int, currentLearningRate: Double,
                imagesPerSecond: [Int: Double], learningRateRule: LearningRateScaling = .linear) throws(InputError) {
        guard noiseScale > 0, !noiseScale.isNaN else { throw .noiseScaleNotPositive(noiseScale) }
        guard noiseScale.isFinite else { throw .noiseScaleNotFinite }
        guard let currentSpeed = imagesPerSecond[currentBatchSize] else {
            throw .currentBatchSizeNotMeasured(currentBatchSize, measured: imagesPerSecond.keys.sorted())
        }
        if let (batchSize, speed) = imagesPerSecond.first(where: { $0.key < 1 || !($0.value > 0) || !$0.value.isFinite }) {
            throw .badMeasurement(batchSize: batchSize, imagesPerSecond: speed)
        }
        let infinite = noiseScale == .infinity
        let currentTime = (Double(currentBatchSize) + noiseScale) / currentSpeed
        candidates = imagesPerSecond.keys.sorted().map { batchSize in
            let (b, speed) = (Double(batchSize), imagesPerSecond[batchSize]!)
            let region: Region = b <= noiseScale / 4 ? .perfectScaling : b >= 4 * noiseScale ? .diminishingReturns : .transition
            return Candidate(batchSize: batchSize, imagesPerSecond: speed, relativeSteps: 1 + noiseScale / b,
                             relativeExamples: 1 + b / noiseScale,
                             relativeTime: infinite ? currentSpeed / speed : (b + noiseScale) / speed / currentTime,
                             learningRate: learningRateRule.effectiveLearningRate(base: currentLearningRate, baseBatchSize: currentBatchSize,
                                                                                  batchSize: batchSize),
                             region: region)
        }
        let eligible = candidates.filter { Double($0.batchSize) <= 2 * noiseScale }
        let best = eligible.min { $0.relativeTime < $1.relativeTime } ?? candidates[0]
        (self.noiseScale, self.currentBatchSize, self.currentLearningRate) = (noiseScale, currentBatchSize, currentLearningRate)
        self.learningRateRule = learningRateRule
        (recommendedBatchSize, recommendedLearningRate) = (best.batchSize, best.learningRate)
        predictedTimeRatio = best.relativeTime
        predictedSaving = 1 - best.relativeTime
    }

    /// What was wrong with the inputs, and what to do.
    public enum InputError: Error, Equatable, CustomStringConvertible {
        case noiseScaleNotPositive(Double)
        /// The noise swamped the gradient (B_simple = +∞): nothing to trade off against.
        case noiseScaleNotFinite
        case currentBatchSizeNotMeasured(Int, measured: [Int])
        case badMeasurement(batchSize: Int, imagesPerSecond: Double)

        public var description: String {
            switch self {
            case .noiseScaleNotPositive(let value):
                "the noise scale must be > 0 (got \(value)); a B_simple ≤ 0 means the noise was too small to "
                    + "measure at these batch sizes — measure with a smaller small batch or more pairs"
            case .noiseScaleNotFinite:
                "the noise scale is unbounded (the gradient's norm could not be told from its noise at these batch sizes); "
                    + "measure with more pairs or a larger big batch"
            case .currentBatchSizeNotMeasured(let batchSize, let measured):
                "throughput was measured at \(measured) but not at the current batch size \(batchSize); "
                    + "measure it there too, as times are relative to it"
            case .badMeasurement(let batchSize, let speed):
                "batch size \(batchSize) at \(speed) images/s: batch sizes must be ≥ 1 and throughputs finite and > 0"
            }
        }
    }
}
