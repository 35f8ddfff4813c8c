/// The bookkeeping and stopping rule of the LR range test, as fastai's `LRFinder.after_batch`
/// (fastai/callback/schedule.py). Train step `step` at `nextLearningRate`, then `record` its
/// raw loss; each step keeps (lr, raw loss, smoothed loss) — fastai's `Recorder` keeps lr and
/// smoothed loss, and records the step that stops the test, as here. After each step the best
/// (minimum) smoothed loss is updated first, then the test stops when
///
/// - smoothed loss > `divergenceFactor` · best (fastai: 4, with `stop_div=True`; nil never stops
///   on it, fastai's `stop_div=False`);
/// - the raw or smoothed loss is not finite. Deviation: fastai stops on +∞ through the 4× rule
///   but trains on through NaN (every later smoothed loss is NaN) and cuts its suggestions at the
///   first NaN; stopping at once saves those steps, and `LRRangeTestResult` still suggests from
///   the record fastai would have (see there);
/// - all `schedule.steps` steps are done.
///
/// The rule assumes losses ≥ 0 (cross-entropy), as fastai's does.
public struct RangeTestMonitor: Equatable, Sendable {
    /// Why a range test ended.
    public enum StopReason: String, Codable, Sendable {
        case completed, diverged, nonFiniteLoss
    }

    public let schedule: LRRangeSchedule
    public let divergenceFactor: Double?
    public private(set) var smoother: SmoothedLoss
    /// The minimum smoothed loss so far (+∞ before the first step).
    public private(set) var bestSmoothedLoss = Double.infinity
    public private(set) var learningRates: [Double] = []
    public private(set) var losses: [Double] = []
    public private(set) var smoothedLosses: [Double] = []
    /// Nil while the test runs.
    public private(set) var stopReason: StopReason?

    public init(schedule: LRRangeSchedule = LRRangeSchedule(), divergenceFactor: Double? = 4, beta: Double = 0.98) {
        if let factor = divergenceFactor {
            precondition(factor > 1, "the divergence factor must be > 1 (got \(factor)); fastai uses 4")
        }
        self.schedule = schedule
        self.divergenceFactor = divergenceFactor
        smoother = SmoothedLoss(beta: beta)
    }

    /// The number of steps recorded, which is the index of the next one.
    public var step: Int { losses.count }

    /// The rate to train the next step with.
    public var nextLearningRate: Double { schedule.learningRate(at: step) }

    public var shouldStop: Bool { stopReason != nil }

    /// Records the raw loss of the step just trained at `nextLearningRate`; returns `shouldStop`.
    @discardableResult
    public mutating func record(loss: Double) -> Bool {
        precondition(!shouldStop, "the range test stopped at step \(step - 1) (\(stopReason!.rawValue)); start a new monitor")
        learningRates.append(nextLearningRate)
        let smoothed = smoother.add(loss)
        losses.append(loss)
        smoothedLosses.append(smoothed)
        if smoothed < bestSmoothedLoss { bestSmoothedLoss = smoothed }
        if !loss.isFinite || !smoothed.isFinite {
            stopReason = .nonFiniteLoss
        } else if let factor = divergenceFactor, smoothed > factor * bestSmoothedLoss {
            stopReason = .diverged
        } else if step >= schedule.steps {
            stopReason = .completed
        }
        return shouldStop
    }

    /// The record so far, with fastai's suggestions.
    public func result(batchSize: Int) -> LRRangeTestResult {
        LRRangeTestResult(schedule: schedule, divergenceFactor: divergenceFactor, beta: smoother.beta, batchSize: batchSize,
                          learningRates: learningRates, losses: losses, smoothedLosses: smoothedLosses,
                          stopReason: stopReason)
    }
}
