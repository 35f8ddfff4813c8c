import BatchLabConfig
import BatchLabTracking
import BatchLabTraining
import Foundation

/// A run as the run list shows it (`/api/runs`).
struct RunSummaryJSON: Encodable, Equatable {
    var id: Int64
    var name: String
    var study: String?
    var status: String
    var batchSize: Int
    var learningRate: Double
    var epochs: Int
    var epochsDone: Int
    var bestValAccuracy: Double?
    var lastLoss: Double?
    var startedAt: Date
    var endedAt: Date?
    /// Every setting and result the run list can sort and filter by (`RunFields`).
    var fields: [String: ConfigValue]

    init(_ record: RunRecord, epochs summary: EpochSummary?, fields: RunFields? = nil) {
        id = record.id
        name = record.name
        study = record.study
        status = record.effectiveStatus.rawValue
        batchSize = record.config.batchSize
        learningRate = record.config.learningRate
        epochs = record.config.epochs
        epochsDone = summary?.count ?? 0
        bestValAccuracy = summary?.bestValAccuracy
        lastLoss = summary?.lastLoss
        startedAt = record.startedAt
        endedAt = record.endedAt
        self.fields = Dictionary((fields ?? RunFields(record, summary: summary)).entries.map { ($0.key, $0.value) }) { first, _ in first }
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, study, status, batchSize, learningRate, epochs, epochsDone, bestValAccuracy, lastLoss, startedAt, endedAt, fields
    }

    /// Every key, absent values as null (synthesized encoding would leave them out).
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(study, forKey: .study)
        try container.encode(status, forKey: .status)
        try container.encode(batchSize, forKey: .batchSize)
        try container.encode(learningRate, forKey: .learningRate)
        try container.encode(epochs, forKey: .epochs)
        try container.encode(epochsDone, forKey: .epochsDone)
        try container.encode(bestValAccuracy, forKey: .bestValAccuracy)
        try container.encode(lastLoss, forKey: .lastLoss)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(endedAt, forKey: .endedAt)
        try container.encode(fields, forKey: .fields)
    }
}

/// One run with its config (`/api/runs/{id}`, `/api/compare`).
struct RunDetailJSON: Encodable, Equatable {
    struct Entry: Codable, Equatable {
        var key: String
        var value: String
    }

    var summary: RunSummaryJSON
    var message: String?
    var host: String
    var pid: Int32
    /// Where it trained on MPI: the host of each rank, and the job's ranks for a sweep's run.
    var hosts: [String]
    var mpiRanks: [Int]?
    var version: String
    var config: [Entry]
    /// The run's configuration as a `train --config` file; nil for runs recorded before the store kept it.
    var configurationYAML: String?

    init(_ record: RunRecord, epochs: [EpochLogs]) {
        summary = RunSummaryJSON(record, epochs: EpochSummary(epochs))
        message = record.message
        host = record.host
        pid = record.pid
        hosts = record.hosts
        mpiRanks = record.mpiRanks
        version = record.version
        config = record.config.entries.map { Entry(key: $0.key, value: $0.value) }
        configurationYAML = record.configuration.map(ConfigurationFile.yaml)
    }

    /// Flat: the summary's fields beside the details, as the pages read them.
    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(message, forKey: .message)
        try container.encode(host, forKey: .host)
        try container.encode(pid, forKey: .pid)
        try container.encode(hosts, forKey: .hosts)
        try container.encode(mpiRanks, forKey: .mpiRanks)
        try container.encode(version, forKey: .version)
        try container.encode(config, forKey: .config)
        try container.encode(configurationYAML, forKey: .configurationYAML)
    }

    private enum CodingKeys: String, CodingKey { case message, host, pid, hosts, mpiRanks, version, config, configurationYAML }
}

extension EpochSummary {
    /// The summary of epochs already read.
    init(_ epochs: [EpochLogs]) {
        self.init(count: epochs.count, bestValAccuracy: epochs.compactMap { $0["val_accuracy"] }.filter(\.isFinite).max(),
                  lastLoss: epochs.last?["loss"].flatMap { $0.isFinite ? $0 : nil })
    }
}

/// A run's logs (`/api/runs/{id}/metrics`): every epoch's values (null for non-finite), the keys
/// in the order the run logged them (JSON objects have none), and the step losses.
struct MetricsJSON: Encodable, Equatable {
    struct Step: Codable, Equatable {
        var step: Int
        var loss: Double?
    }

    var epochs: [[String: Double?]]
    var keys: [String]
    var steps: [Step]

    init(epochs: [EpochLogs], steps: [StepLoss]) {
        self.epochs = epochs.map { logs in
            Dictionary(uniqueKeysWithValues: logs.keys.map { key in (key, logs[key].flatMap { $0.isFinite ? $0 : nil }) })
        }
        keys = EpochLogs.keys(of: epochs)
        self.steps = steps.map { Step(step: $0.step, loss: $0.loss.isFinite ? $0.loss : nil) }
    }
}
