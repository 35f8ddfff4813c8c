import BatchLabTraining
import Testing
@testable import BatchLabTracking

@Suite struct CSVExportTests {
    @Test func goldenExport() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.createRun(NewRun(name: "b128, \"linear\"", study: "seed", config: sampleConfig, version: "t"))
        for (epoch, loss) in [(1, 2.5), (2, Double.nan)] {
            var logs = EpochLogs()
            logs["epoch"] = Double(epoch)
            logs["loss"] = loss
            logs["val_accuracy"] = 0.25 * Double(epoch)
            if epoch == 2 { logs["extra"] = 7 }
            try store.appendEpoch(runID: id, logs: logs)
        }
        try store.setStatus(runID: id, .diverged, message: nil)
        let csv = try CSVExport.epochs(of: store.runs(), from: store)
        let expected = [
            "run_id,run_name,study,status,model,optimizer,batch_size,lr,requested_lr,epoch,loss,val_accuracy,extra",
            #"1,"b128, ""linear""",seed,diverged,seed-cnn,adam,128,0.004,0.001,1,2.5,0.25,"#,
            #"1,"b128, ""linear""",seed,diverged,seed-cnn,adam,128,0.004,0.001,2,,0.5,7"#,
        ]
        #expect(csv == expected.map { $0 + "\r\n" }.joined())
    }
}
