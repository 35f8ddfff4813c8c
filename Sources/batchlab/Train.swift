import ArgumentParser
import BatchLabCore
import BatchLabData
import BatchLabNN
import BatchLabTracking
import BatchLabTraining
import Foundation

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model on CIFAR-10 with Keras-style output, recording the run in the store.")

    @OptionGroup(title: "Training") var training: TrainingOptions
    @OptionGroup(title: "Learning-rate scaling") var scaling: ScalingOptions
    @OptionGroup(title: "Callbacks and schedules") var callbackOptions: CallbackOptions
    @OptionGroup(title: "Steps to a target accuracy") var target: TargetOptions
    @OptionGroup(title: "Tracking") var tracking: TrackingOptions

    func run() throws {
        let store = try tracking.store.openOrCreate()
        let arguments = trainingArguments(Self.commandArguments())
        if let runID = tracking.resume {
            try resume(runID, store: store, otherArguments: arguments)
        } else {
            try TrainingSession(command: self, arguments: arguments).run(store: store, resuming: nil)
        }
    }

    /// Continues run `runID` from its last checkpoint with the settings it was started with.
    private func resume(_ runID: Int64, store: SQLiteRunStore, otherArguments: [String]) throws {
        guard otherArguments.allSatisfy({ !$0.hasPrefix("--") || $0.hasPrefix("--data") }) else {
            throw CommandError("--resume \(runID) continues the run with its own settings; give only --store, --data, --metrics-out or --wait-at-epochs with it")
        }
        try store.markOrphansInterrupted()
        guard let record = try store.run(id: runID) else {
            throw CommandError("--resume \(runID): no such run in \(store.path) (see `batchlab runs list`)")
        }
        switch record.status {
        case .interrupted, .failed: break
        case .running: throw CommandError("--resume \(runID): the run is still training (pid \(record.pid) on \(record.host))")
        default: throw CommandError("--resume \(runID): the run \(record.status.rawValue); only interrupted or failed runs can be resumed")
        }
        guard record.config.checkpointDirectory != nil else {
            throw CommandError("--resume \(runID): the run saved no checkpoints (start runs with --checkpoint-dir to resume them)")
        }
        // The thread count is part of what makes a run repeat exactly.
        var arguments = record.config.arguments
        if !arguments.contains("--threads") { arguments += ["--threads", "\(record.config.threads)"] }
        var original = try Train.parse(arguments)
        original.tracking = tracking
        original.training.data = training.data ?? record.config.dataDirectory
        try TrainingSession(command: original, arguments: arguments).run(store: store, resuming: record)
    }

    /// The arguments after `train` on this process's command line.
    static func commandArguments() -> [String] {
        let all = CommandLine.arguments
        guard let index = all.firstIndex(of: "train") else { return [] }
        return Array(all[(index + 1)...])
    }
}
