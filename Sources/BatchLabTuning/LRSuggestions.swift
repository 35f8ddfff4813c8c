import Foundation

/// The learning rates suggested from a range test: BatchLab's `descent`, presented first, and
/// fastai's two (fastai ≥ 2.5, fastai/callback/schedule.py: `lr_find`, `valley`, `steep`),
/// reproduced exactly:
///
/// 1. window: of the recorded rates and SMOOTHED losses keep `lrs[steps // 10 : -5]` (`steps` is
///    the configured step count, fastai's `num_it`, not the recorded one), then cut at the first
///    NaN (here: the first non-finite loss; fastai cuts only NaN, and an infinite loss always
///    ends the test, so it is among the 5 dropped points);
/// 2. steepest (`steep`): slopes sᵢ = (lossᵢ₊₁ − lossᵢ) / (ln lrᵢ₊₁ − ln lrᵢ); suggests the rate at
///    the START of the steepest descent, lr[argmin s] (first index on ties, as torch's argmin);
/// 3. valley (`valley`): the longest strictly decreasing subsequence by fastai's O(n²) loop (ties
///    keep the first end reached); with `start = end − length` (one before the valley's first
///    point, as fastai) and `sections = (end − start) / 3`, suggests
///    lr[start + ⌊sections⌋ + ⌊sections / 2⌋] — about the MIDDLE of the valley, not two thirds of
///    the way as often described. When the valley is points 0 and 1 only, that index is −1,
///    which Python reads as the LAST point; kept as fastai;
/// 4. descent (BatchLab's, not fastai's): the first rate at which the smoothed loss has fallen
///    `descentFraction` (60 %) of the way from the window's first value to its minimum. A level
///    crossing of the smoothed curve, not a slope or a run of decreases, so noise moves it little
///    (seeds 0–3 on CIFAR-10: within 1.4× of each other); with the range test run over a fixed
///    number of images (`LRRangeTestRun.images`), it moves with the batch size as the best rate
///    of a fixed-epoch grid does, where the valley stays put (README, `lr-find`).
///
/// Each rule needs at least `minimumPoints` (2) points in the window — with the defaults, at least
/// 17 recorded steps — and is nil below (fastai raises for `steep` and would give the only point
/// for `valley`). fastai compares float32 losses; this compares Doubles, which can break a near-tie
/// differently.
public struct LRSuggestions: Codable, Equatable, Sendable {
    /// A suggested rate and the smoothed loss there (the point fastai marks on its plot).
    public struct Point: Codable, Equatable, Sendable {
        public var learningRate: Double
        public var loss: Double
        public init(learningRate: Double, loss: Double) { (self.learningRate, self.loss) = (learningRate, loss) }
    }

    /// BatchLab's suggestion, presented first; nil when the loss never fell (and in analyses
    /// stored before it existed).
    public var descent: Point?
    public var valley: Point?
    public var steepest: Point?

    public static let minimumPoints = 2
    /// How far down its fall the smoothed loss is at the `descent` suggestion. 0.5 to 0.7 all land
    /// within 3× of the grid's best on CIFAR-10 at batch 32, 128 and 512; 0.6 is their middle.
    public static let descentFraction = 0.6

    public init(descent: Point? = nil, valley: Point?, steepest: Point?) {
        (self.descent, self.valley, self.steepest) = (descent, valley, steepest)
    }

    /// fastai's window, then the three rules.
    public init(learningRates: [Double], smoothedLosses: [Double], steps: Int) {
        let (lrs, losses) = Self.window(learningRates: learningRates, smoothedLosses: smoothedLosses, steps: steps)
        descent = Self.descentIndex(losses: losses).map { Point(learningRate: lrs[$0], loss: losses[$0]) }
        valley = Self.valleyIndex(losses: losses).map { Point(learningRate: lrs[$0], loss: losses[$0]) }
        steepest = Self.steepestIndex(learningRates: lrs, losses: losses).map { Point(learningRate: lrs[$0], loss: losses[$0]) }
    }

    /// `lrs[steps // 10 : -5]`, cut before the first non-finite loss.
    public static func window(learningRates: [Double], smoothedLosses: [Double], steps: Int) -> ([Double], [Double]) {
        precondition(learningRates.count == smoothedLosses.count, "one learning rate per loss")
        let start = min(steps / 10, smoothedLosses.count)
        var end = max(start, smoothedLosses.count - 5)
        if let firstBad = smoothedLosses[start..<end].firstIndex(where: { !$0.isFinite }) { end = firstBad }
        return (Array(learningRates[start..<end]), Array(smoothedLosses[start..<end]))
    }

    /// The first index, at or before the minimum, where the loss is at most
    /// first − `fraction` · (first − minimum); nil below `minimumPoints` or when no point is below the first.
    public static func descentIndex(losses: [Double], fraction: Double = descentFraction) -> Int? {
        guard losses.count >= minimumPoints, let lowest = losses.indices.min(by: { losses[$0] < losses[$1] }),
              losses[lowest] < losses[0] else { return nil }
        let level = losses[0] - fraction * (losses[0] - losses[lowest])
        // The minimum itself is at the level; rounding may put the level a hair below it.
        return losses[...lowest].firstIndex { $0 <= level } ?? lowest
    }

    /// fastai's `steep`: the index that starts the steepest descent; nil below `minimumPoints`.
    public static func steepestIndex(learningRates lrs: [Double], losses: [Double]) -> Int? {
        guard losses.count >= minimumPoints else { return nil }
        var best = 0, bestSlope = Double.infinity
        for i in 0..<(losses.count - 1) {
            let slope = (losses[i + 1] - losses[i]) / (log(lrs[i + 1]) - log(lrs[i]))
            if slope < bestSlope { (best, bestSlope) = (i, slope) }
        }
        return best
    }

    /// fastai's `valley`, loop for loop; nil below `minimumPoints`.
    public static func valleyIndex(losses: [Double]) -> Int? {
        let n = losses.count
        guard n >= minimumPoints else { return nil }
        var lds = [Int](repeating: 1, count: n)
        var maxStart = 0, maxEnd = 0
        for i in 1..<n {
            for j in 0..<i {
                if losses[i] < losses[j], lds[i] < lds[j] + 1 { lds[i] = lds[j] + 1 }
                if lds[maxEnd] < lds[i] {
                    maxEnd = i
                    maxStart = maxEnd - lds[maxEnd]
                }
            }
        }
        let sections = Double(maxEnd - maxStart) / 3
        let index = maxStart + Int(sections) + Int(sections / 2)
        return index < 0 ? index + n : index
    }
}
