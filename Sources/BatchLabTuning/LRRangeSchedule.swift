import Foundation

/// The learning rates of Leslie Smith's LR range test (Smith 2017, "Cyclical Learning Rates for
/// Training Neural Networks", §3.3), grown exponentially as fastai's `lr_find` does:
///
///     lr(step) = startLR · (endLR / startLR)^(step / (steps − 1)),   step = 0 … steps − 1,
///
/// so step 0 trains at `startLR` and the last step at `endLR`. Defaults are fastai's: 1e-7 to 10
/// over 100 steps. Deviation: fastai's `LRFinder` uses step / num_it, so its last step reaches
/// only endLR · (startLR / endLR)^(1 / num_it) (≈ 8.3 with the defaults).
/// Steps past the last extrapolate the same curve.
public struct LRRangeSchedule: Codable, Equatable, Sendable {
    public var startLR: Double
    public var endLR: Double
    public var steps: Int

    public init(startLR: Double = 1e-7, endLR: Double = 10, steps: Int = 100) {
        precondition(startLR > 0 && endLR > startLR,
                     "the range test needs 0 < startLR < endLR (got \(startLR) and \(endLR))")
        precondition(steps >= 2, "the range test needs at least 2 steps (got \(steps)); fastai's default is 100")
        (self.startLR, self.endLR, self.steps) = (startLR, endLR, steps)
    }

    public func learningRate(at step: Int) -> Double {
        startLR * pow(endLR / startLR, Double(step) / Double(steps - 1))
    }

    /// The rate of every step, 0 … steps − 1.
    public var learningRates: [Double] { (0..<steps).map(learningRate(at:)) }
}
