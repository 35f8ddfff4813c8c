import ArgumentParser
import BatchLabConfig
import BatchLabExperiments

/// Where and under what name a run is recorded, what else it writes, and whether it resumes one.
struct TrackingOptions: ParsableArguments {
    @OptionGroup var store: StoreOption
    @Option(help: "Name of the run (default: model, lr and batch size).") var name: String?
    @Option(help: "Study or sweep the run belongs to.") var study: String?
    @Option(help: "Save the last and the best epoch under DIR/run-<id>/ (safetensors + JSON).") var checkpointDir: String?
    @Option(parsing: .unconditional, help: "Continue run ID from its last checkpoint, with its own settings.") var resume: Int64?
    @Option(help: "Also append one JSON object per epoch to this file.") var metricsOut: String?
    @Option(parsing: .unconditional, help: "Record the training loss every N steps (default \(defaults.logging.logEverySteps)).") var logEverySteps: Int?
    @Option(parsing: .unconditional, help: ArgumentHelp("After recording each of these epochs (comma-separated), wait for a line on standard input: "
                               + "'continue', or 'stop REASON' to end the run as stopped-early. Used by `batchlab sweep`.",
                               valueName: "epochs"))
    var waitAtEpochs: String?

    func validate() throws {
        _ = try gateEpochs()
    }

    func apply(to overrides: inout FlagOverrides) {
        overrides.set(given: checkpointDir, "--checkpoint-dir", "callbacks.checkpoint_dir", \.callbacks.checkpointDir)
        overrides.set(given: metricsOut, "--metrics-out", "logging.metrics_out", \.logging.metricsOut)
        overrides.set(logEverySteps, "--log-every-steps", "logging.log_every_steps", \.logging.logEverySteps)
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
