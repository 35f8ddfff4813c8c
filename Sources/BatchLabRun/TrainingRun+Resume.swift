import BatchLabTracking
import BatchLabTraining
import Foundation

// MARK: - Resuming a run from its checkpoint

extension TrainingRun {
    /// Run `id` of `store`, if it can be resumed: interrupted or failed (a `running` run whose
    /// process is gone is interrupted), with checkpoints.
    public static func resumable(_ id: Int64, in store: SQLiteRunStore) throws -> RunRecord {
        try store.markOrphansInterrupted()
        guard let record = try store.run(id: id) else { throw RunError("no such run in \(store.path) (see `batchlab runs list`)") }
        switch record.status {
        case .interrupted, .failed: break
        case .running: throw RunError("the run is still training (pid \(record.pid) on \(record.host))")
        default: throw RunError("the run \(record.status.rawValue); only interrupted or failed runs can be resumed")
        }
        if let error = record.configurationError {
            throw RunError("its stored configuration cannot be read (written by another BatchLab version?): \(error)")
        }
        guard record.configuration != nil || !record.config.arguments.isEmpty else {
            throw RunError("the store kept neither its configuration nor its flags")
        }
        guard (record.configuration?.callbacks.checkpointDir ?? record.config.checkpointDirectory) != nil else {
            throw RunError("the run saved no checkpoints (start runs with --checkpoint-dir to resume them)")
        }
        return record
    }

    /// Puts the checkpoint back and reopens the run in the store; returns the epoch to go on from.
    func restore(_ record: Resumed, trainer: Trainer, trainingExamples: Int, checkpoint: ModelCheckpoint?,
                 callbacks: inout [any Callback], store: (any RunJournal)?) throws -> Int {
        guard let directory = checkpoint?.directory else {
            throw RunError("the run saved no checkpoints (start runs with --checkpoint-dir to resume them)")
        }
        // A run killed before its first checkpoint was written starts again from its seed: the same numbers.
        var initialEpoch = 0
        if TrainingCheckpoint.exists(in: directory) {
            let saved = try TrainingCheckpoint.load(from: directory)
            if let monitor = checkpoint?.monitor, saved.metadata.monitor != monitor {
                throw RunError("\(saved.source): monitor '\(saved.metadata.monitor)' is not the one this run's checkpoints keep ('\(monitor)')")
            }
            let stepsPerEpoch = (trainingExamples + configuration.batchSize - 1) / configuration.batchSize
            // The plan that fixes the layouts is the one training uses: a rank's share of the batch.
            let planned = configuration.batchSize / (dataParallel?.collective.size ?? 1)
            try saved.restore(into: trainer, batchSize: planned, stepsPerEpoch: stepsPerEpoch, callbacks: &callbacks)
            checkpoint?.resume(best: saved.metadata.best)
            initialEpoch = saved.metadata.epoch
        }
        guard initialEpoch < configuration.epochs else {
            throw RunError("the checkpoint is of the last epoch (\(initialEpoch)); nothing to train")
        }
        do {
            try store?.resume(runID: record.id, afterEpoch: initialEpoch, process: .current)
        } catch let error as StoreError {
            throw RunError("\(error)")
        }
        log(initialEpoch == 0 ? "Restarting run \(record.id) (\(record.name)) from its seed: it stopped before its first checkpoint"
            : "Resuming run \(record.id) (\(record.name)) after epoch \(initialEpoch) of \(configuration.epochs)")
        return initialEpoch
    }
}
