/// The rung values of one `SuccessiveHalving`, fed runs' epoch logs as they arrive from the store.
///
/// Each run (by an id: `RungJudge` uses the trial index) is judged once per rung, on the first value it reports there,
/// against the values recorded there before it; that value is then recorded, stopped or not.
/// Feeding the same epoch again, an epoch that is not a rung, or any epoch of a run already
/// stopped changes nothing and returns nil, so logs may be fed in overlapping batches.
public struct HalvingBoard: Equatable, Sendable {
    public let halving: SuccessiveHalving
    private let rungs: Set<Int>
    /// By rung epoch: each run's value there.
    private var recorded: [Int: [Int64: Double]] = [:]
    /// The runs told to stop, with the reason.
    public private(set) var stopped: [Int64: String] = [:]

    public init(_ halving: SuccessiveHalving) {
        self.halving = halving
        rungs = Set(halving.rungs)
    }

    /// The decision for `run`'s `value` at `epoch`, or nil when there is nothing to decide.
    public mutating func report(run: Int64, epoch: Int, value: Double) -> SuccessiveHalving.Decision? {
        guard rungs.contains(epoch), stopped[run] == nil, recorded[epoch]?[run] == nil else { return nil }
        let earlier = Array(recorded[epoch, default: [:]].values)
        let decision = halving.decide(value: value, atRung: epoch, earlier: earlier)
        recorded[epoch, default: [:]][run] = value
        if case .stop(let reason) = decision { stopped[run] = reason }
        return decision
    }

    /// Records a decision taken before (a resumed sweep's): `run`'s `value` at `epoch`, and the
    /// reason it was stopped there, if it was.
    public mutating func restore(run: Int64, epoch: Int, value: Double, stopped reason: String?) {
        guard rungs.contains(epoch), recorded[epoch]?[run] == nil else { return }
        recorded[epoch, default: [:]][run] = value
        if let reason { stopped[run] = reason }
    }

    /// The values recorded at rung `epoch`, by run.
    public func values(atRung epoch: Int) -> [Int64: Double] {
        recorded[epoch, default: [:]]
    }
}
