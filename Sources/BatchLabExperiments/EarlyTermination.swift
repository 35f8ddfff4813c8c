/// A sweep's `early_terminate:` — stopping runs whose metric ranks low at a rung, as W&B sweeps
/// do: successive halving (one bracket) or Hyperband (brackets with different first rungs).
///
/// ```yaml
/// metric: {name: val_accuracy, goal: maximize}   # the default
/// early_terminate: {type: hyperband, min_epochs: 1, eta: 3}
/// ```
public struct EarlyTermination: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Equatable, Sendable, CaseIterable {
        case successiveHalving = "successive_halving"
        case hyperband
    }

    public var kind: Kind
    /// r: the first rung, in epochs (default 1).
    public var minEpochs: Int
    /// η: each rung keeps the top 1/η (default 3).
    public var eta: Int
    /// The logged value runs are ranked by, and whether higher is better.
    public var metric: String
    public var mode: SuccessiveHalving.Mode

    public init(kind: Kind, minEpochs: Int = 1, eta: Int = 3, metric: String = "val_accuracy", mode: SuccessiveHalving.Mode = .max) {
        self.kind = kind
        self.minEpochs = minEpochs
        self.eta = eta
        self.metric = metric
        self.mode = mode
    }

    /// The halving schedule for the run at `index` of a sweep whose runs train `epochs` epochs:
    /// the one bracket, or Hyperband's bracket for that trial.
    public func halving(forRun index: Int, epochs: Int) -> SuccessiveHalving {
        switch kind {
        case .successiveHalving:
            return SuccessiveHalving(metric: metric, mode: mode, minEpochs: minEpochs, eta: eta, maxEpochs: epochs)
        case .hyperband:
            return Hyperband(metric: metric, mode: mode, minEpochs: minEpochs, eta: eta, maxEpochs: epochs).bracket(forTrial: index)
        }
    }

    /// Why these settings cannot stop anything for runs of `epochs` epochs, or nil.
    public func validationError(epochs: Int) -> String? {
        switch kind {
        case .successiveHalving:
            SuccessiveHalving(metric: metric, mode: mode, minEpochs: minEpochs, eta: eta, maxEpochs: epochs).validationError
        case .hyperband:
            Hyperband(metric: metric, mode: mode, minEpochs: minEpochs, eta: eta, maxEpochs: epochs).validationError
        }
    }
}
