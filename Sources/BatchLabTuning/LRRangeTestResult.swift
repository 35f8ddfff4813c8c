/// A finished LR range test: its settings, every step's (lr, raw loss, smoothed loss) and fastai's
/// suggestions. The last losses of a test stopped by a non-finite loss are ±∞ or NaN; JSON holds
/// them as "inf", "-inf", "nan" (`NonFiniteAsString`).
///
/// The suggestions are computed once, at `init`, from the record fastai would have: fastai trains
/// on through a NaN loss to `steps` steps, so a record that ends in NaN is padded with NaN to
/// `steps` points before `LRSuggestions` windows it — the window then ends at the NaN, not 5
/// points before it.
public struct LRRangeTestResult: Codable, Equatable, Sendable {
    public var startLR: Double
    public var endLR: Double
    public var steps: Int
    /// Nil when the divergence rule was off.
    public var divergenceFactor: Double?
    /// The smoothing β.
    public var beta: Double
    public var batchSize: Int
    public var learningRates: [Double]
    @NonFiniteArrayAsString public var losses: [Double]
    @NonFiniteArrayAsString public var smoothedLosses: [Double]
    /// Nil when the record was taken before the test ended.
    public var stopReason: RangeTestMonitor.StopReason?
    public var suggestions: LRSuggestions

    public init(schedule: LRRangeSchedule, divergenceFactor: Double?, beta: Double, batchSize: Int,
                learningRates: [Double], losses: [Double], smoothedLosses: [Double],
                stopReason: RangeTestMonitor.StopReason?) {
        (startLR, endLR, steps) = (schedule.startLR, schedule.endLR, schedule.steps)
        (self.divergenceFactor, self.beta, self.batchSize) = (divergenceFactor, beta, batchSize)
        (self.learningRates, self.losses, self.smoothedLosses) = (learningRates, losses, smoothedLosses)
        self.stopReason = stopReason
        var (lrs, smoothed) = (learningRates, smoothedLosses)
        if smoothed.last?.isNaN == true, smoothed.count < steps {
            lrs += (smoothed.count..<steps).map(schedule.learningRate(at:))
            smoothed += Array(repeating: .nan, count: steps - smoothed.count)
        }
        suggestions = LRSuggestions(learningRates: lrs, smoothedLosses: smoothed, steps: steps)
    }

    /// True when the divergence rule or a non-finite loss ended the test (even on its last step).
    public var stoppedEarly: Bool { stopReason == .diverged || stopReason == .nonFiniteLoss }

    public var schedule: LRRangeSchedule { LRRangeSchedule(startLR: startLR, endLR: endLR, steps: steps) }
}
