import ArgumentParser
import BatchLabTracking

/// Where and under what name a run is recorded.
struct TrackingOptions: ParsableArguments {
    @OptionGroup var store: StoreOption
    @Option(help: "Name of the run (default: model, lr and batch size).") var name: String?
    @Option(help: "Study or sweep the run belongs to.") var study: String?
    @Option(help: "Save the last and the best epoch under DIR/run-<id>/ (safetensors + JSON).") var checkpointDir: String?
    @Option(help: "Continue run ID from its last checkpoint, with its own settings.") var resume: Int64?
    @Option(help: "Also append one JSON object per epoch to this file.") var metricsOut: String?
    @Option(help: "Record the training loss every N steps.") var logEverySteps = 10

    func validate() throws {
        guard logEverySteps >= 1 else { throw ValidationError("--log-every-steps must be ≥ 1 (got \(logEverySteps))") }
    }
}

/// Flags of `batchlab train` that say where to record, not what to train: left out of the
/// arguments a run records for `--resume`.
let trackingFlags: Set<String> = ["--store", "--name", "--study", "--resume", "--metrics-out"]

/// `arguments` without the tracking flags and their values.
func trainingArguments(_ arguments: [String]) -> [String] {
    var kept: [String] = []
    var skipNext = false
    for argument in arguments {
        if skipNext { skipNext = false; continue }
        let flag = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
        if trackingFlags.contains(flag) {
            skipNext = !argument.contains("=")
            continue
        }
        kept.append(argument)
    }
    return kept
}
