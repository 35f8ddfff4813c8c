/// What a run list can show, sort and filter by: the run's id, name, study (when it has one) and status, every
/// setting of its config (`RunConfig.values`, e.g. `batch_size`, `lr`, `seed`) and its results so
/// far (`EpochSummary`, e.g. `best_val_accuracy`), in that order. Results a run has not logged
/// are absent.
public struct RunFields: Sendable, Equatable {
    /// The results' keys, as listings name them.
    public static let resultKeys = [
        "epochs_done", "best_val_accuracy", "last_val_accuracy", "best_val_loss", "last_loss", "seconds",
        "images_per_second", "peak_rss_mb",
    ]

    public private(set) var entries: [(key: String, value: ConfigValue)]

    public init(_ record: RunRecord, summary: EpochSummary?) {
        entries = [("id", .integer(Int(record.id))), ("name", .text(record.name))]
        if let study = record.study { entries.append(("study", .text(study))) }
        entries.append(("status", .text(record.effectiveStatus.rawValue)))
        entries += record.config.values
        let results: [Double?] = [
            Double(summary?.count ?? 0), summary?.bestValAccuracy, summary?.lastValAccuracy, summary?.bestValLoss, summary?.lastLoss,
            summary?.seconds, summary?.imagesPerSecond, summary?.peakRSSMB,
        ]
        for (key, value) in zip(Self.resultKeys, results) {
            guard let value else { continue }
            entries.append((key, key == "epochs_done" ? .integer(Int(value)) : .number(value)))
        }
    }

    public subscript(key: String) -> ConfigValue? {
        entries.first { $0.key == key }?.value
    }

    public var keys: [String] { entries.map(\.key) }

    public static func == (lhs: RunFields, rhs: RunFields) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.key == $1.key && $0.value == $1.value }
    }
}

extension ConfigValue {
    /// Sorting order: numbers by value, before text, which sorts by Unicode order.
    public static func ascending(_ lhs: ConfigValue, _ rhs: ConfigValue) -> Bool {
        switch (lhs.number, rhs.number) {
        case let (left?, right?): left < right
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): lhs.description < rhs.description
        }
    }
}
