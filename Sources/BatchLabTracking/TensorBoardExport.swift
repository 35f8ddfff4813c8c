import BatchLabTraining
import Foundation
import SwiftProtobuf

/// Runs written as TensorBoard event files, which `tensorboard --logdir DIR` shows (the files
/// TensorFlow's summary writers make: TFRecord-framed `Event` protos, `Protos/*.proto`):
///
///     DIR/events.out.tfevents.<time>.<host>.batchlab             the HParams experiment: every setting, four metrics
///     DIR/<study>/<id> <run name>/events.out.tfevents.…          a run (runs of no study: DIR/<id> <run name>)
///
/// A run's file holds a scalar per epoch for each logged value (its step the epoch; `loss`,
/// `accuracy`, `val_loss`, `val_accuracy`, `lr`, `seconds`, …), `step_loss` and `step_lr` (the
/// rate the step trained with, where recorded) per logged step (its step the training step), and its settings for the HParams plugin (a session's start and end,
/// its status: success for finished and stopped-early runs, failure for diverged and failed ones,
/// running, unknown for interrupted ones). Scalars are `simple_value` summaries (float32), as
/// `tf.compat.v1.summary` writes them; an epoch's wall time is the run's start plus its epochs'
/// seconds, as in `MLflowExport`.
public enum TensorBoardExport {
    /// The metrics the HParams plugin's table shows, with the data they are measured on.
    static let metrics: [(tag: String, dataset: Tensorboard_Hparams_DatasetType)] = [
        ("val_accuracy", .datasetValidation), ("val_loss", .datasetValidation), ("accuracy", .datasetTraining), ("loss", .datasetTraining),
    ]

    /// Writes `runs` of `store` to `directory`, which must not exist or be empty (`ExportFolder`);
    /// returns how many runs were written.
    @discardableResult
    public static func write(_ runs: [RunRecord], from store: any RunStore, to directory: URL) throws -> Int {
        let numeric = numericSettings(runs)
        try ExportFolder.build(at: directory) { staging, _ in
            try write(experiment(runs, numeric: numeric), to: staging)
            for record in runs {
                var folder = staging
                if let study = record.study { folder.appendPathComponent(ExportFolder.safeName(study)) }
                folder.appendPathComponent(ExportFolder.safeName("\(record.id) \(record.name)"))
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try write(try events(of: record, store: store, numeric: numeric), to: folder)
            }
        }
        return runs.count
    }

    /// The settings whose value reads as a number in every run: numbers in the experiment and in
    /// every session alike (the plugin matches a session's values against the experiment's).
    static func numericSettings(_ runs: [RunRecord]) -> Set<String> {
        var numeric: Set<String> = [], text: Set<String> = []
        for record in runs {
            for (key, value) in record.config.entries {
                if Double(value) == nil { text.insert(key) } else { numeric.insert(key) }
            }
        }
        return numeric.subtracting(text)
    }

    /// The HParams experiment: each setting the runs recorded, with its values; the metrics of `metrics`.
    static func experiment(_ runs: [RunRecord], numeric: Set<String>) -> [Tensorboard_Event] {
        var values: [String: [String]] = [:], order: [String] = []
        for record in runs {
            for (key, value) in record.config.entries {
                if values[key] == nil { order.append(key) }
                if values[key, default: []].contains(value) == false { values[key, default: []].append(value) }
            }
        }
        var experiment = Tensorboard_Hparams_Experiment()
        experiment.timeCreatedSecs = Date().timeIntervalSince1970
        experiment.hparamInfos = order.map { key in
            var info = Tensorboard_Hparams_HParamInfo()
            info.name = key
            let isNumber = numeric.contains(key)
            info.type = isNumber ? .float64 : .string
            info.domainDiscrete.values = values[key]!.map { isNumber ? .init(numberValue: Double($0)!) : .init(stringValue: $0) }
            return info
        }
        experiment.metricInfos = metrics.map { metric in
            var info = Tensorboard_Hparams_MetricInfo()
            info.name.tag = metric.tag
            info.datasetType = metric.dataset
            return info
        }
        var data = Tensorboard_Hparams_HParamsPluginData()
        data.experiment = experiment
        return [versionEvent(at: experiment.timeCreatedSecs), hparamsEvent("_hparams_/experiment", data, at: experiment.timeCreatedSecs)]
    }

    /// A run's events: its settings, its epochs, its step losses, how it ended.
    static func events(of record: RunRecord, store: any RunStore, numeric: Set<String>) throws -> [Tensorboard_Event] {
        let start = record.startedAt.timeIntervalSince1970
        var started = Tensorboard_Hparams_SessionStartInfo()
        started.startTimeSecs = start
        for (key, value) in record.config.entries {
            started.hparams[key] = numeric.contains(key) ? .init(numberValue: Double(value)!) : .init(stringValue: value)
        }
        var startData = Tensorboard_Hparams_HParamsPluginData()
        startData.sessionStartInfo = started
        var events = [versionEvent(at: start), hparamsEvent("_hparams_/session_start_info", startData, at: start)]

        let timeline = ExportTimeline(try store.epochs(runID: record.id))
        for (logs, epoch, offset) in timeline.epochs {
            var summary = Tensorboard_Summary()
            summary.value = ExportTimeline.values(of: logs).map { scalar($0, logs[$0]!) }
            events.append(event(start + offset, step: Int64(epoch), summary))
        }
        for step in try store.stepLosses(runID: record.id) {
            var summary = Tensorboard_Summary()
            summary.value = [scalar("step_loss", step.loss)] + (step.learningRate.map { [scalar("step_lr", $0)] } ?? [])
            events.append(event(start + timeline.offset(ofStep: step.step), step: Int64(step.step), summary))
        }
        var ended = Tensorboard_Hparams_SessionEndInfo()
        ended.status = status(record.effectiveStatus)
        ended.endTimeSecs = record.endedAt?.timeIntervalSince1970 ?? start + timeline.end
        var endData = Tensorboard_Hparams_HParamsPluginData()
        endData.sessionEndInfo = ended
        events.append(hparamsEvent("_hparams_/session_end_info", endData, at: ended.endTimeSecs))
        return events
    }

    static func status(_ status: RunStatus) -> Tensorboard_Hparams_Status {
        switch status {
        case .finished, .stoppedEarly: .success
        case .failed, .diverged: .failure
        case .running: .running
        case .interrupted: .unknown
        }
    }

    private static func scalar(_ tag: String, _ value: Double) -> Tensorboard_Summary.Value {
        var scalar = Tensorboard_Summary.Value()
        scalar.tag = tag
        scalar.simpleValue = Float(value)
        return scalar
    }

    private static func event(_ time: Double, step: Int64, _ summary: Tensorboard_Summary) -> Tensorboard_Event {
        var event = Tensorboard_Event()
        (event.wallTime, event.step, event.summary) = (time, step, summary)
        return event
    }

    /// The first event of every file: which format follows.
    private static func versionEvent(at time: Double) -> Tensorboard_Event {
        var event = Tensorboard_Event()
        (event.wallTime, event.fileVersion) = (time, "brain.Event:2")
        return event
    }

    /// A summary for the HParams plugin: its data in the metadata, an empty float tensor as the
    /// value (as the plugin's own `hparams_pb` writes it).
    private static func hparamsEvent(_ tag: String, _ data: Tensorboard_Hparams_HParamsPluginData, at time: Double) -> Tensorboard_Event {
        var value = Tensorboard_Summary.Value()
        value.tag = tag
        value.metadata.pluginData.pluginName = "hparams"
        // Fields set in code, of a schema generated with them: serialising cannot fail.
        value.metadata.pluginData.content = try! data.serializedData()
        var tensor = Tensorboard_TensorProto()
        tensor.dtype = .dtFloat
        tensor.tensorShape.dim = [.with { $0.size = 0 }]
        value.tensor = tensor
        var summary = Tensorboard_Summary()
        summary.value = [value]
        return event(time, step: 0, summary)
    }

    /// The events, framed, as `events.out.tfevents.<first event's time>.<host>.batchlab` in `folder`.
    private static func write(_ events: [Tensorboard_Event], to folder: URL) throws {
        var records = TFRecordWriter()
        for event in events { records.append(try! event.serializedData()) }
        let name = "events.out.tfevents.\(Int(events.first?.wallTime ?? 0)).\(ExportFolder.safeName(ProcessInfo.processInfo.hostName)).batchlab"
        try records.data.write(to: folder.appendingPathComponent(name))
    }
}
