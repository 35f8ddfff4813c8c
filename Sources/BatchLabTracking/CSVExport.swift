import BatchLabTraining

/// Runs' epochs as CSV (RFC 4180): one row per epoch, the run's identity and main settings
/// first, then every logged value (the union of keys over the runs, Keras's order first).
public enum CSVExport {
    static let runColumns = ["run_id", "run_name", "study", "status", "model", "optimizer", "batch_size", "lr", "requested_lr"]

    public static func epochs(of runs: some Sequence<RunRecord>, from store: any RunStore) throws -> String {
        let runs = Array(runs)
        let logs = try runs.map { try store.epochs(runID: $0.id) }
        let logged = EpochLogs.keys(of: logs.joined())
        let keys = EpochLogs.canonicalOrder.filter(logged.contains) + logged.filter { !EpochLogs.canonicalOrder.contains($0) }
        var lines = [(runColumns + keys).map(field).joined(separator: ",")]
        for (run, epochs) in zip(runs, logs) {
            let config = run.config
            let identity = ["\(run.id)", run.name, run.study ?? "", run.effectiveStatus.rawValue, config.model, config.optimizer,
                            "\(config.batchSize)", "\(config.learningRate)", "\(config.requestedLearningRate)"]
            for epoch in epochs {
                let values = keys.map { key in epoch[key].map(number) ?? "" }
                lines.append((identity + values).map(field).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A field, quoted when it holds a comma, quote or line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Integral values without a fraction; non-finite values empty.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
    }
}
