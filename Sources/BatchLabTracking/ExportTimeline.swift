import BatchLabTraining

/// When a run's records happened, as the exports date them, in seconds after the run's start
/// (the store keeps no time per epoch): an epoch at the seconds of the epochs up to it; a logged
/// step at the end of the first epoch whose training step reached it (else the last epoch's end,
/// else the start).
struct ExportTimeline {
    /// The logs that carry an epoch number, each with that number and its offset.
    let epochs: [(logs: EpochLogs, epoch: Double, offset: Double)]
    /// The last epoch's offset, 0 without epochs.
    let end: Double
    /// Each epoch's last training step, with its offset.
    private let stepEnds: [(step: Double, offset: Double)]

    init(_ logs: [EpochLogs]) {
        var elapsed = 0.0
        var epochs: [(logs: EpochLogs, epoch: Double, offset: Double)] = []
        for entry in logs {
            guard let epoch = entry["epoch"] else { continue }
            elapsed += entry["seconds"].flatMap { $0.isFinite ? $0 : nil } ?? 0
            epochs.append((entry, epoch, elapsed))
        }
        self.epochs = epochs
        end = elapsed
        stepEnds = epochs.compactMap { epoch in epoch.logs["step"].map { ($0, epoch.offset) } }
    }

    /// The offset of training step `step`.
    func offset(ofStep step: Int) -> Double {
        stepEnds.first { $0.step >= Double(step) }?.offset ?? stepEnds.last?.offset ?? 0
    }

    /// The values an epoch's logs export: all but its epoch number and its training step.
    static func values(of logs: EpochLogs) -> [String] {
        logs.keys.filter { $0 != "epoch" && $0 != "step" }
    }
}
