import Foundation

/// Asynchronous successive halving (ASHA; Li et al. 2020, "A System for Massively Parallel
/// Hyperparameter Tuning") as an early-stopping rule, like W&B's `early_terminate` and Ray Tune's
/// `ASHAScheduler` (stopping form): no rung waits for every run of the sweep.
///
/// Rungs sit at epochs r, r·η, r·η², … strictly below `maxEpochs` (r = `minEpochs`). A run at a
/// rung continues only if its metric ranks within the top ⌈n/η⌉ of the n values recorded at that
/// rung before it, itself included; its rank is 1 + the number of strictly better values, so ties
/// favour continuing. A run whose metric is non-finite stops, and such values rank below every
/// finite one. Where ASHA would keep a run until a free worker promotes it, a run here is decided
/// at once, so the first run judged at a rung always continues (it has n = 1). Which runs came
/// "before" is the trial order (`RungJudge`), not the arrival order. Unlike Ray Tune's quantile
/// cutoff, the rank rule does not interpolate between values.
public struct SuccessiveHalving: Equatable, Sendable {
    /// Whether lower (`val_loss`) or higher (`val_accuracy`) values are better.
    public enum Mode: String, Codable, Equatable, Sendable {
        case min, max
    }

    /// What a run does after a rung.
    public enum Decision: Equatable, Sendable {
        case `continue`
        /// Stop the run; `reason` is a sentence for its status message.
        case stop(reason: String)
    }

    /// The metric ranked at each rung, named in reasons: `val_accuracy`.
    public var metric: String
    public var mode: Mode
    /// r, the first rung: ≥ 1.
    public var minEpochs: Int
    /// η, the reduction factor: ≥ 2; default 3 (the paper's and W&B's).
    public var eta: Int
    /// The epochs each run trains when never stopped; rungs lie strictly below it.
    public var maxEpochs: Int

    public init(metric: String, mode: Mode, minEpochs: Int = 1, eta: Int = 3, maxEpochs: Int) {
        self.metric = metric
        self.mode = mode
        self.minEpochs = minEpochs
        self.eta = eta
        self.maxEpochs = maxEpochs
    }

    /// Epochs r·ηᵏ < maxEpochs, ascending: [1, 3, 9] for r = 1, η = 3, 27 epochs.
    public var rungs: [Int] {
        guard minEpochs >= 1, eta >= 2 else { return [] }
        var rungs: [Int] = []
        var epoch = minEpochs
        while epoch < maxEpochs {
            rungs.append(epoch)
            guard epoch <= maxEpochs / eta else { break }
            epoch *= eta
        }
        return rungs
    }

    /// Why these settings cannot halve, in one line, or nil when they can.
    public var validationError: String? {
        if minEpochs < 1 { return "successive halving needs min_epochs ≥ 1 (got \(minEpochs))" }
        if eta < 2 { return "successive halving needs eta ≥ 2 (got \(eta))" }
        if rungs.isEmpty {
            return "successive halving with min_epochs \(minEpochs) has no rung below \(maxEpochs) epochs;"
                + " lower min_epochs or raise epochs"
        }
        return nil
    }

    /// Whether a run with `value` at rung `epoch` continues, given the `earlier` values other
    /// runs recorded at that rung (any order). `epoch` only appears in the reason.
    public func decide(value: Double, atRung epoch: Int, earlier: [Double]) -> Decision {
        guard value.isFinite else {
            return .stop(reason: "\(metric) is \(value) at epoch \(epoch); a run with a non-finite metric stops")
        }
        let runs = earlier.count + 1
        let rank = 1 + earlier.count { $0.isFinite && (mode == .min ? $0 < value : $0 > value) }
        let kept = (runs + eta - 1) / eta
        guard rank > kept else { return .continue }
        let top = kept == 1 ? "only the best continues" : "only the top \(kept) continue"
        return .stop(reason: "\(metric) \(Self.format(value)) at epoch \(epoch) ranks \(Self.ordinal(rank))"
            + " of \(runs) runs; \(top) (successive halving, η = \(eta))")
    }

    // MARK: - Wording

    /// Four significant digits: 0.312, 1.235, 0.0001.
    static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }

    /// 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 112th.
    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }
}
