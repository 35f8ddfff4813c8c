import BatchLabTraining
import Foundation
import Testing
import Yams
@testable import BatchLabTracking

/// The MLflow file store as MLflow's `FileStore` reads it (mlflow 3.17.2's
/// mlflow/store/tracking/file_store.py: `_read_persisted_run_info_dict`, `_get_metric_from_line`);
/// scripts/experiment-checks.sh reads a real export with MLflow's own client.
@Suite struct MLflowExportTests {
    func text(_ url: URL, _ path: String...) throws -> String {
        try String(contentsOf: path.reduce(url) { $0.appendingPathComponent($1) }, encoding: .utf8)
    }

    @Test func experimentsRunsParamsMetricsAndTags() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let seed = try store.createRun(NewRun(name: "b128 linear", study: "seed", config: sampleConfig, version: "t"))
        for (epoch, loss) in [(1, 2.5), (2, Double.nan)] {
            var logs = EpochLogs()
            (logs["epoch"], logs["step"], logs["loss"], logs["val_accuracy"], logs["seconds"]) = (Double(epoch), Double(10 * epoch), loss, 0.25 * Double(epoch), 1.5)
            try store.appendEpoch(runID: seed, logs: logs, stepLosses: [StepLoss(step: 10 * epoch, loss: loss, learningRate: epoch == 1 ? 0.004 : nil)])
        }
        try store.setStatus(runID: seed, .diverged, message: "loss became nan")
        let loose = try store.createRun(NewRun(name: "no study", config: sampleConfig, version: "t"))
        try store.setStatus(runID: loose, .interrupted, message: nil)

        let folder = URL(fileURLWithPath: temporaryStorePath()).deletingLastPathComponent().appendingPathComponent("mlruns")
        let written = try MLflowExport.write(try store.runs().reversed(), from: store, to: folder)
        #expect(written == (2, 2))
        let experiment = try #require(try Yams.load(yaml: try text(folder, "1", "meta.yaml")) as? [String: Any])
        #expect(experiment["name"] as? String == "seed" && experiment["experiment_id"] as? String == "1")
        #expect(experiment["lifecycle_stage"] as? String == "active" && experiment["artifact_location"] as? String == "file://\(folder.path)/1")
        #expect((try Yams.load(yaml: try text(folder, "0", "meta.yaml")) as? [String: Any])?["name"] as? String == "Default")

        let runs = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("1").path).filter { $0 != "meta.yaml" }
        let run = folder.appendingPathComponent("1").appendingPathComponent(try #require(runs.first))
        #expect(runs.count == 1 && runs[0].count == 32)
        let meta = try #require(try Yams.load(yaml: try text(run, "meta.yaml")) as? [String: Any])
        #expect(meta["run_id"] as? String == runs[0] && meta["experiment_id"] as? String == "1" && meta["status"] as? Int == 4)
        #expect(meta["run_name"] as? String == "b128 linear" && meta["end_time"] is Int && meta["start_time"] is Int)
        let start = try #require(meta["start_time"] as? Int)
        // An epoch's time is the start plus its epochs' seconds; the step is the epoch, NaN as "nan".
        #expect(try text(run, "metrics", "loss") == "\(start + 1500) 2.5 1\n\(start + 3000) nan 2\n")
        #expect(try text(run, "metrics", "val_accuracy") == "\(start + 1500) 0.25 1\n\(start + 3000) 0.5 2\n")
        #expect(try text(run, "metrics", "step_loss") == "\(start + 1500) 2.5 10\n\(start + 3000) nan 20\n")
        // The rate each logged step trained with, where recorded.
        #expect(try text(run, "metrics", "step_lr") == "\(start + 1500) 0.004 10\n")
        #expect(!FileManager.default.fileExists(atPath: run.appendingPathComponent("metrics/epoch").path))
        #expect(try text(run, "params", "batch_size") == "128")
        #expect(try text(run, "params", "lr") == "0.004")
        #expect(try text(run, "tags", "mlflow.runName") == "b128 linear")
        #expect(try text(run, "tags", "batchlab.status") == "diverged")
        #expect(try text(run, "tags", "batchlab.message") == "loss became nan")
        #expect(try text(run, "tags", "batchlab.run_id") == "\(seed)")

        let other = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("0").path).filter { $0 != "meta.yaml" }
        #expect((try Yams.load(yaml: try text(folder, "0", other[0], "meta.yaml")) as? [String: Any])?["status"] as? Int == 5)
    }

    /// A folder with something in it is refused, and nothing is left of a refused export.
    @Test func aFolderInUseIsRefused() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let folder = URL(fileURLWithPath: store.path).deletingLastPathComponent()
        #expect(throws: ExportError.self) { try MLflowExport.write([], from: store, to: folder) }
        let parent = folder.deletingLastPathComponent()
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).allSatisfy { !$0.contains(".partial-") })
    }

    @Test func namesAndNumbersAsMLflowReadsThem() {
        #expect(MLflowExport.name("val_accuracy") == "val_accuracy" && MLflowExport.name("a/b:c") == "a_b_c" && MLflowExport.name("..") == "_..")
        #expect([Double.nan, .infinity, -.infinity, 0.5].map(MLflowExport.number) == ["nan", "inf", "-inf", "0.5"])
    }
}
