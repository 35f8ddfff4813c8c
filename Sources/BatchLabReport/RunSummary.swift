/// The numbers of a run that go in the report's table.
///
/// Epochs are numbered by their "epoch" entry (else their 1-based position). Non-finite values
/// are ignored everywhere except `finalLoss`, which keeps a diverged run's NaN or infinity.
public struct RunSummary: Sendable {
    /// The last finite "val_accuracy".
    public var finalValAccuracy: Double?
    /// The highest finite "val_accuracy" and the first epoch that reached it.
    public var bestValAccuracy: Double?
    public var bestEpoch: Int?
    /// The last epoch's "loss", as recorded (may be NaN or infinite).
    public var finalLoss: Double?
    /// The accuracy the `…ToTarget` values refer to.
    public var targetAccuracy: Double?
    /// The first epoch whose "val_accuracy" ≥ the target; nil if never reached or no target.
    public var epochsToTarget: Int?
    /// The sum of "seconds" over the epochs up to and including `epochsToTarget`.
    public var secondsToTarget: Double?
    /// The sum of all finite "seconds"; nil if no epoch has one.
    public var totalSeconds: Double?
    /// The median of the finite per-epoch "images_per_second".
    public var medianImagesPerSecond: Double?
    /// The largest finite "peak_rss_mb".
    public var peakMemoryMB: Double?
    /// The largest finite "tensor_memory_mb".
    public var tensorMemoryMB: Double?

    public init(run: ReportRun, targetAccuracy: Double?) {
        self.targetAccuracy = targetAccuracy
        let numbers = run.epochNumbers
        let elapsed = run.elapsedSeconds
        for (index, logs) in run.epochs.enumerated() {
            guard let accuracy = logs[EpochKey.valAccuracy], accuracy.isFinite else { continue }
            finalValAccuracy = accuracy
            if accuracy > bestValAccuracy ?? -.infinity {
                bestValAccuracy = accuracy
                bestEpoch = Int(numbers[index])
            }
            if let targetAccuracy, epochsToTarget == nil, accuracy >= targetAccuracy {
                epochsToTarget = Int(numbers[index])
                secondsToTarget = elapsed[...index].compactMap { $0 }.last
            }
        }
        finalLoss = run.epochs.last?[EpochKey.loss]
        let seconds = run.finiteValues(EpochKey.seconds)
        totalSeconds = seconds.isEmpty ? nil : seconds.reduce(0, +)
        medianImagesPerSecond = run.finiteValues(EpochKey.imagesPerSecond).median
        peakMemoryMB = run.finiteValues(EpochKey.peakRSSMB).max()
        tensorMemoryMB = run.finiteValues(EpochKey.tensorMemoryMB).max()
    }
}
