import BatchLabTracking

/// One run of a sweep as the live table shows it.
public struct SweepRow: Equatable, Sendable {
    public var name: String
    public var runID: Int64?
    public var status: String
    public var epoch: Int
    public var epochs: Int
    public var loss: Double?
    public var valAccuracy: Double?
    public var learningRate: Double?
    public var imagesPerSecond: Double?
    /// Why it failed or diverged, when it did.
    public var message: String?
    /// Where it trains or trained in this sweep: `pid 4242`, `rank 2 on node-1`.
    public var placement: String?
}

extension SweepRow {
    /// Whether every run ended for good (finished, diverged, stopped early): none waits to start,
    /// none was interrupted or failed, so a sweep resumed would do nothing.
    public static func allEnded(_ rows: [SweepRow]) -> Bool {
        rows.allSatisfy { [RunStatus.finished, .diverged, .stoppedEarly].map(\.rawValue).contains($0.status) }
    }

    /// One line on how the runs ended, and a line for each failed run.
    public static func outcome(_ rows: [SweepRow]) -> String {
        let counts = Dictionary(grouping: rows, by: \.status).mapValues(\.count)
        let parts = counts.keys.sorted().map { "\(counts[$0]!) \($0)" }
        var text = "Done: " + parts.joined(separator: ", ") + "."
        for row in rows where row.status == "failed" {
            text += "\n  \(row.name) failed: \(row.message ?? "no message")"
        }
        return text
    }
}
