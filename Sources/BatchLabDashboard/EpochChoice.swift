import BatchLabReport
import BatchLabTraining

/// Where runs are compared (`/api/compare?at=`): at their last epoch, at each run's best (the
/// epoch of its highest val_accuracy, Keras's `ModelCheckpoint(save_best_only)` with that monitor;
/// the lowest val_loss when no accuracy was logged), or at one epoch for all.
enum EpochChoice: Equatable {
    case last
    case best
    case epoch(Int)

    /// The chosen epoch's logs; nil when the run has no such epoch (yet).
    func epoch(in epochs: [EpochLogs]) -> EpochLogs? {
        switch self {
        case .last:
            return epochs.last
        case .best:
            let finite = { (logs: EpochLogs, key: String) in logs[key].flatMap { $0.isFinite ? $0 : nil } }
            if let best = epochs.filter({ finite($0, EpochKey.valAccuracy) != nil })
                .max(by: { finite($0, EpochKey.valAccuracy)! < finite($1, EpochKey.valAccuracy)! }) {
                return best
            }
            return epochs.filter { finite($0, EpochKey.valLoss) != nil }
                .min { finite($0, EpochKey.valLoss)! < finite($1, EpochKey.valLoss)! }
        case .epoch(let number):
            return epochs.first { $0[EpochKey.epoch] == Double(number) }
        }
    }
}

/// One run's values at the chosen epoch: its number and every value logged then (null when not finite).
struct EpochValuesJSON: Encodable, Equatable {
    var epoch: Int?
    var values: [String: Double?]

    init(_ logs: EpochLogs?) {
        epoch = logs?[EpochKey.epoch].map { Int($0) }
        values = Dictionary(uniqueKeysWithValues: (logs?.keys ?? []).filter { $0 != EpochKey.epoch }.map { key in
            (key, logs?[key].flatMap { $0.isFinite ? $0 : nil })
        })
    }

    /// Every key, a run without the epoch as `"epoch": null, "values": {}`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(epoch, forKey: .epoch)
        try container.encode(values, forKey: .values)
    }

    private enum CodingKeys: String, CodingKey { case epoch, values }
}
