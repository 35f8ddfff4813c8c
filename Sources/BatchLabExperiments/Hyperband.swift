/// Hyperband (Li et al. 2018, "Hyperband: A Novel Bandit-Based Approach to Hyperparameter
/// Optimization") in its asynchronous form (Li et al. 2020, §3.3; Ray Tune's `AsyncHyperBand`):
/// brackets are `SuccessiveHalving`s that differ only in their first rung, and trials go to them
/// in turn, so no single first rung decides how early a run may be judged.
///
/// s_max = ⌊log_η(maxEpochs / minEpochs)⌋, the largest s with minEpochs·ηˢ ≤ maxEpochs.
/// Bracket s = 0…s_max (ASHA's early-stopping rate) halves from minEpochs·ηˢ: bracket 0 is the
/// most aggressive, and bracket s_max has no rung when minEpochs·η^s_max = maxEpochs (its runs
/// train fully, as the original's most conservative bracket). Bracket s is the original's
/// bracket s_max − s. Trial i goes to bracket i mod (s_max + 1), so trial 0 to bracket 0; the
/// original's uneven trial counts per bracket are not kept. Runs are ranked within their bracket.
public struct Hyperband: Equatable, Sendable {
    public var metric: String
    public var mode: SuccessiveHalving.Mode
    /// r, the most aggressive bracket's first rung: ≥ 1.
    public var minEpochs: Int
    /// η: ≥ 2; default 3.
    public var eta: Int
    /// R, the epochs each run trains when never stopped.
    public var maxEpochs: Int

    public init(metric: String, mode: SuccessiveHalving.Mode, minEpochs: Int = 1, eta: Int = 3, maxEpochs: Int) {
        self.metric = metric
        self.mode = mode
        self.minEpochs = minEpochs
        self.eta = eta
        self.maxEpochs = maxEpochs
    }

    /// s_max: 3 for r = 1, η = 3, R = 27 (computed in integers, not with a rounded logarithm).
    public var maxBracket: Int {
        guard minEpochs >= 1, eta >= 2 else { return 0 }
        var s = 0
        var start = minEpochs
        while start <= maxEpochs / eta {
            start *= eta
            s += 1
        }
        return s
    }

    /// Brackets 0…s_max; for r = 1, η = 3, R = 27 their rungs are [1, 3, 9], [3, 9], [9], [].
    public var brackets: [SuccessiveHalving] {
        sequence(first: minEpochs) { $0 * eta }.prefix(maxBracket + 1).map { start in
            SuccessiveHalving(metric: metric, mode: mode, minEpochs: start, eta: eta, maxEpochs: maxEpochs)
        }
    }

    /// Trial i's bracket index: i mod (s_max + 1).
    public func bracketIndex(forTrial trial: Int) -> Int {
        precondition(trial >= 0, "trial indices start at 0")
        return trial % (maxBracket + 1)
    }

    /// The halving that judges trial i.
    public func bracket(forTrial trial: Int) -> SuccessiveHalving {
        brackets[bracketIndex(forTrial: trial)]
    }

    /// Why these settings cannot run, in one line, or nil when they can.
    public var validationError: String? {
        if minEpochs < 1 { return "hyperband needs min_epochs ≥ 1 (got \(minEpochs))" }
        if eta < 2 { return "hyperband needs eta ≥ 2 (got \(eta))" }
        if minEpochs >= maxEpochs {
            return "hyperband with min_epochs \(minEpochs) has no rung below \(maxEpochs) epochs;"
                + " lower min_epochs or raise epochs"
        }
        return nil
    }
}
