import BatchLabTraining
import Foundation
import Yams

/// Runs written as an MLflow file store, which `mlflow ui --backend-store-uri DIR` opens and
/// `MlflowClient("file:DIR")` reads (the layout of MLflow's `FileStore`, as MLflow 3.17 reads it):
///
///     DIR/<experiment>/meta.yaml                 an experiment per study; "Default" (id 0) for runs of none
///     DIR/<experiment>/<run>/meta.yaml           name, status, start and end (ms since 1970)
///     DIR/<experiment>/<run>/params/<key>        each recorded setting (`RunConfig.entries`), as text
///     DIR/<experiment>/<run>/metrics/<key>       a line per epoch, "<timestamp ms> <value> <epoch>";
///                                                `step_loss` and `step_lr` a line per logged step, its step the training step
///     DIR/<experiment>/<run>/tags/<key>          mlflow.runName, mlflow.source.name, batchlab.* (id, status, message, host)
///     DIR/<experiment>/<run>/artifacts/          empty
///
/// Statuses: finished and stopped early are FINISHED, diverged and failed FAILED, interrupted
/// KILLED, running RUNNING; BatchLab's own is the tag `batchlab.status`. An epoch's timestamp is
/// the run's start plus the seconds of its epochs so far (the store keeps no time per epoch).
/// Non-finite values are written as `nan`, `inf`, `-inf`, which MLflow reads back.
public enum MLflowExport {
    /// MLflow's `RunStatus` numbers.
    static func status(_ status: RunStatus) -> Int {
        switch status {
        case .running: 1
        case .finished, .stoppedEarly: 3
        case .failed, .diverged: 4
        case .interrupted: 5
        }
    }

    /// Writes `runs` of `store` to `directory`, which must not exist or be empty (`ExportFolder`).
    /// Returns how many experiments and runs were written.
    @discardableResult
    public static func write(_ runs: [RunRecord], from store: any RunStore, to directory: URL) throws -> (experiments: Int, runs: Int) {
        // The default experiment first, then one per study in name order.
        let studies = Array(Set(runs.compactMap(\.study))).sorted()
        var experiments: [String?: String] = [nil: "0"]
        for (index, study) in studies.enumerated() { experiments[study] = "\(index + 1)" }
        try ExportFolder.build(at: directory) { staging, target in
            // A study may itself be named "Default": experiment names must differ.
            try experiment(id: "0", name: studies.contains("Default") ? "Default (no study)" : "Default", in: staging, final: target)
            for study in studies { try experiment(id: experiments[study]!, name: study, in: staging, final: target) }
            for record in runs {
                try run(record, experiment: experiments[record.study]!, store: store, in: staging, final: target)
            }
        }
        return (studies.count + 1, runs.count)
    }

    private static func experiment(id: String, name: String, in root: URL, final: URL) throws {
        let folder = root.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let now = milliseconds(Date())
        try yaml(["experiment_id": id, "name": name, "artifact_location": final.appendingPathComponent(id).absoluteString,
                  "lifecycle_stage": "active", "creation_time": now, "last_update_time": now], to: folder.appendingPathComponent("meta.yaml"))
    }

    private static func run(_ record: RunRecord, experiment: String, store: any RunStore, in root: URL, final: URL) throws {
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let folder = root.appendingPathComponent(experiment).appendingPathComponent(id)
        for sub in ["params", "metrics", "tags", "artifacts"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let status = record.effectiveStatus
        try yaml(["run_id": id, "run_uuid": id, "run_name": record.name, "experiment_id": experiment,
                  "user_id": ProcessInfo.processInfo.environment["USER"] ?? "batchlab", "status": Self.status(status),
                  "start_time": milliseconds(record.startedAt), "end_time": record.endedAt.map(milliseconds) ?? NSNull(),
                  "lifecycle_stage": "active", "artifact_uri": final.appendingPathComponent(experiment).appendingPathComponent(id)
                      .appendingPathComponent("artifacts").absoluteString,
                  "source_type": 4, "source_name": "", "entry_point_name": "", "source_version": "", "tags": [Any](), "deleted_time": NSNull()],
                 to: folder.appendingPathComponent("meta.yaml"))
        for (key, value) in record.config.entries { try text(value, to: folder, "params", key) }
        var tags = ["mlflow.runName": record.name, "mlflow.source.name": "batchlab", "mlflow.source.type": "LOCAL",
                    "batchlab.run_id": "\(record.id)", "batchlab.status": status.rawValue, "batchlab.host": record.host,
                    "batchlab.version": record.version]
        if let message = record.message { tags["batchlab.message"] = message }
        if let study = record.study { tags["batchlab.study"] = study }
        for (key, value) in tags { try text(value, to: folder, "tags", key) }
        try metrics(of: record, store: store, to: folder.appendingPathComponent("metrics"))
    }

    /// A file per key of the epochs' logs, a line per epoch; `step_loss` and `step_lr` from the logged steps.
    private static func metrics(of record: RunRecord, store: any RunStore, to folder: URL) throws {
        let timeline = ExportTimeline(try store.epochs(runID: record.id))
        let time = { (offset: Double) in milliseconds(record.startedAt.addingTimeInterval(offset)) }
        var lines: [String: [String]] = [:]
        for (logs, epoch, offset) in timeline.epochs {
            for key in ExportTimeline.values(of: logs) {
                lines[key, default: []].append("\(time(offset)) \(number(logs[key]!)) \(Int(epoch))")
            }
        }
        let steps = try store.stepLosses(runID: record.id)
        if !steps.isEmpty {
            lines["step_loss"] = steps.map { "\(time(timeline.offset(ofStep: $0.step))) \(number($0.loss)) \($0.step)" }
        }
        let rates = steps.compactMap { step in step.learningRate.map { (step.step, $0) } }
        if !rates.isEmpty {
            lines["step_lr"] = rates.map { "\(time(timeline.offset(ofStep: $0.0))) \(number($0.1)) \($0.0)" }
        }
        for (key, values) in lines {
            try text(values.joined(separator: "\n") + "\n", to: folder.deletingLastPathComponent(), "metrics", key)
        }
    }

    /// A float as Python's `float()` reads it.
    static func number(_ value: Double) -> String {
        value.isNaN ? "nan" : value == .infinity ? "inf" : value == -.infinity ? "-inf" : "\(value)"
    }

    /// A key as an MLflow name and a file name (`ExportFolder.safeName`).
    static func name(_ key: String) -> String { ExportFolder.safeName(key) }

    private static func text(_ value: String, to folder: URL, _ kind: String, _ key: String) throws {
        try Data(value.utf8).write(to: folder.appendingPathComponent(kind).appendingPathComponent(name(key)))
    }

    private static func yaml(_ object: [String: Any], to file: URL) throws {
        try Data(try Yams.dump(object: object, sortKeys: true).utf8).write(to: file)
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
