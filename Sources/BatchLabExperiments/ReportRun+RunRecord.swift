import BatchLabReport
import BatchLabTracking
import BatchLabTraining

extension ReportRun {
    /// A stored run and its epochs, as the report draws them.
    public init(_ record: RunRecord, epochs: [EpochLogs]) {
        self.init(id: record.id, name: record.name, study: record.study, status: record.effectiveStatus.rawValue,
                  batchSize: record.config.batchSize, learningRate: record.config.learningRate,
                  config: record.config.entries.map { ConfigEntry($0.key, $0.value) },
                  epochs: epochs.map { logs in Dictionary(uniqueKeysWithValues: logs.keys.map { ($0, logs[$0]!) }) })
    }

    /// Loads runs from a store.
    public static func load(_ records: [RunRecord], from store: any RunStore) throws -> [ReportRun] {
        try records.map { ReportRun($0, epochs: try store.epochs(runID: $0.id)) }
    }
}
