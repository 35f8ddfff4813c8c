import BatchLabConfig
import BatchLabRun
import BatchLabTracking
import Foundation

/// The test accuracy of the setting a sweep or study chose, measured once: the choice is made
/// on the validation numbers (held-out training images by default, `DataSettings.selectionSplit`),
/// and only the chosen run's final weights meet the test set. Saved as an analysis of the study,
/// so the report and the dashboard show it beside the runs.
public struct TestAccuracy: Codable, Equatable {
    public var runID: Int64
    public var runName: String
    /// The validation accuracy it was chosen by (its last epoch's) and where that came from.
    public var valAccuracy: Double
    public var validation: String
    public var epoch: Int
    public var testAccuracy: Double
    public var testLoss: Double
    public var testImages: Int

    /// The run a selection chooses among `records`: the finished one with the highest
    /// val_accuracy at its last epoch (runs stopped early, diverged or failed are not candidates).
    public static func chosenRun(_ records: [RunRecord], store: SQLiteRunStore) throws -> (RunRecord, Double)? {
        var best: (RunRecord, Double)?
        for record in records where record.status == .finished {
            guard let accuracy = try store.epochs(runID: record.id).last?["val_accuracy"], accuracy.isFinite else { continue }
            if best.map({ accuracy > $0.1 }) ?? true { best = (record, accuracy) }
        }
        return best
    }

    /// Measures the run `study` chose on the test set and saves it; nil when no run finished.
    public static func measureChoice(of study: String, store: SQLiteRunStore, version: String) throws -> TestAccuracy? {
        guard let (record, valAccuracy) = try chosenRun(store.runs(study: study), store: store) else { return nil }
        return try measure(record, chosenBy: valAccuracy, study: study, store: store, version: version)
    }

    /// Measures `record` on the test set and saves it under `study` — unless it was measured
    /// already (a sweep resumed after it ended): the test set is looked at once.
    public static func measure(_ record: RunRecord, chosenBy valAccuracy: Double, study: String, store: SQLiteRunStore,
                               version: String) throws -> TestAccuracy {
        for earlier in try store.analyses(study: study, kind: .testAccuracy) where earlier.runID == record.id {
            return try earlier.decode(TestAccuracy.self)
        }
        let measured = try TestEvaluation.measure(record)
        let result = TestAccuracy(runID: record.id, runName: record.name, valAccuracy: valAccuracy,
                                  validation: DataSettings.validationSource(split: record.configuration?.data.validationSplit),
                                  epoch: measured.epoch, testAccuracy: measured.accuracy, testLoss: measured.loss,
                                  testImages: measured.images)
        _ = try store.saveAnalysis(NewAnalysis(kind: .testAccuracy, name: "test accuracy of \(record.name)", study: study,
                                               runID: record.id, settings: ["chosen_by": "val_accuracy at the last epoch"],
                                               result: result, version: version))
        return result
    }

    /// "Chosen on 10 % of the training set, held out, by val_accuracy 0.5523: lr=0.001; its weights
    /// after epoch 8 on the test set, measured once: accuracy 0.5412, loss 1.310 (10,000 images)."
    public var sentence: String {
        String(format: "Chosen on %@, by val_accuracy %.4f: %@; its weights after epoch %d on the test set, measured once: accuracy %.4f, loss %.3f (%@ images).",
               validation, valAccuracy, runName, epoch, testAccuracy, testLoss, testImages.formatted())
    }
}
