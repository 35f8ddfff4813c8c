import ArgumentParser
import BatchLabExperiments
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
    @Option(help: ArgumentHelp("After recording each of these epochs (comma-separated), wait for a line on standard input: "
                               + "'continue', or 'stop REASON' to end the run as stopped-early. Used by `batchlab sweep`.",
                               valueName: "epochs"))
    var waitAtEpochs: String?

    func validate() throws {
        guard logEverySteps >= 1 else { throw ValidationError("--log-every-steps must be ≥ 1 (got \(logEverySteps))") }
        _ = try gateEpochs()
    }

    /// The epochs of `--wait-at-epochs`; empty without it.
    func gateEpochs() throws -> Set<Int> {
        guard let waitAtEpochs else { return [] }
        let epochs = try GridOverrides.parseIntList(waitAtEpochs, flag: "--wait-at-epochs", example: "1,3")
        guard epochs.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--wait-at-epochs expects epochs ≥ 1 (got \(waitAtEpochs))")
        }
        return Set(epochs)
    }
}

/// Flags of `batchlab train` that say where to record, not what to train: left out of the
/// arguments a run records for `--resume`.
let trackingFlags: Set<String> = ["--store", "--name", "--study", "--resume", "--metrics-out", "--wait-at-epochs"]

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
