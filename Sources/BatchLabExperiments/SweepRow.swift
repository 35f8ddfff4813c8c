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
}
