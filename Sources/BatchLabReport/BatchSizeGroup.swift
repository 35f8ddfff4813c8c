/// The runs that share a batch size, reduced to medians: the batch-size panel's
/// "bigger batches: more images per second, more memory" trade-off, one point per batch size.
public struct BatchSizeGroup: Sendable, Equatable {
    public var batchSize: Int
    public var runCount: Int
    /// The median over the group's runs of each run's median "images_per_second".
    public var medianImagesPerSecond: Double?
    /// The median over the group's runs of each run's peak "peak_rss_mb".
    public var medianPeakMemoryMB: Double?
    /// The median over the group's runs of each run's peak "tensor_memory_mb".
    public var medianTensorMemoryMB: Double?

    public init(batchSize: Int, runCount: Int, medianImagesPerSecond: Double?, medianPeakMemoryMB: Double?,
                medianTensorMemoryMB: Double? = nil) {
        self.batchSize = batchSize
        self.runCount = runCount
        self.medianImagesPerSecond = medianImagesPerSecond
        self.medianPeakMemoryMB = medianPeakMemoryMB
        self.medianTensorMemoryMB = medianTensorMemoryMB
    }

    /// One group per distinct batch size, smallest first; runs lacking a value don't count
    /// toward that value's median.
    public static func groups(_ runs: [ReportRun]) -> [BatchSizeGroup] {
        Dictionary(grouping: runs, by: \.batchSize).sorted { $0.key < $1.key }.map { batchSize, group in
            let summaries = group.map { RunSummary(run: $0, targetAccuracy: nil) }
            return BatchSizeGroup(batchSize: batchSize, runCount: group.count,
                                  medianImagesPerSecond: summaries.compactMap(\.medianImagesPerSecond).median,
                                  medianPeakMemoryMB: summaries.compactMap(\.peakMemoryMB).median,
                                  medianTensorMemoryMB: summaries.compactMap(\.tensorMemoryMB).median)
        }
    }
}
