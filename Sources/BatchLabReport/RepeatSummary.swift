/// What a group of repeats (`RunGroup`: one setting over several seeds) comes to, as the report's
/// and the dashboard's repeats tables list it: mean ± sample standard deviation of each run's
/// final and best val_accuracy, seconds to the target accuracy (over the runs that reached it)
/// and median throughput.
public struct RepeatSummary: Sendable {
    public var name: String
    public var runIDs: [Int64]
    public var finalValAccuracy: Spread?
    public var bestValAccuracy: Spread?
    /// Over the runs that reached `targetAccuracy`; `reachedTarget` says how many did.
    public var secondsToTarget: Spread?
    public var reachedTarget: Int
    public var medianImagesPerSecond: Spread?

    public init(_ group: RunGroup, targetAccuracy: Double?) {
        let summaries = group.runs.map { RunSummary(run: $0, targetAccuracy: targetAccuracy) }
        name = group.name
        runIDs = group.runs.map(\.id)
        finalValAccuracy = Spread(summaries.compactMap(\.finalValAccuracy))
        bestValAccuracy = Spread(summaries.compactMap(\.bestValAccuracy))
        let reached = summaries.compactMap(\.secondsToTarget)
        (secondsToTarget, reachedTarget) = (Spread(reached), reached.count)
        medianImagesPerSecond = Spread(summaries.compactMap(\.medianImagesPerSecond))
    }
}
