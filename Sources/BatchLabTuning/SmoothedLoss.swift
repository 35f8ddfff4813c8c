import Foundation

/// fastai's `AvgSmoothLoss` (fastai/learner.py), the loss the range test watches and records: an
/// exponential moving average debiased as Adam's moments (Kingma & Ba 2015, §3),
///
///     avg₀ = 0;  avgₙ = β · avgₙ₋₁ + (1 − β) · lossₙ;  smoothedₙ = avgₙ / (1 − βⁿ),
///
/// so the first smoothed value is the first loss. β = 0.98 by default, as fastai.
/// A NaN or infinite loss makes every later value non-finite, as in fastai.
public struct SmoothedLoss: Codable, Equatable, Sendable {
    public var beta: Double
    public private(set) var average = 0.0
    public private(set) var count = 0

    public init(beta: Double = 0.98) {
        precondition(beta >= 0 && beta < 1, "the smoothing β must be in [0, 1) (got \(beta)); fastai uses 0.98")
        self.beta = beta
    }

    /// Adds one step's loss and returns the new smoothed value.
    @discardableResult
    public mutating func add(_ loss: Double) -> Double {
        count += 1
        average = beta * average + (1 - beta) * loss
        return value!
    }

    /// The smoothed loss; nil before the first `add`.
    public var value: Double? {
        count == 0 ? nil : average / (1 - pow(beta, Double(count)))
    }
}
