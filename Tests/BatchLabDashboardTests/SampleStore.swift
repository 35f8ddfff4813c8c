import BatchLabTracking
import BatchLabTraining
import Foundation

/// A store with three runs: 1 finished (batch 32), 2 diverged (lr 0.1, NaN loss at epoch 2),
/// 3 running in this process (batch 128), each with per-epoch logs and step losses.
func sampleStore() throws -> SQLiteRunStore {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-\(UUID().uuidString)/runs.sqlite").path
    let store = try SQLiteRunStore(path: path)
    let runs: [(String, Double, Int, RunStatus, [Double])] = [
        ("baseline", 0.001, 32, .finished, [0.40, 0.48, 0.52]),
        ("lr <0.1> & \"big\"", 0.1, 32, .diverged, [0.10, 0.10]),
        ("batch 128", 0.004, 128, .running, [0.45]),
    ]
    for (name, lr, batch, status, accuracies) in runs {
        let config = RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: lr, learningRate: lr,
                               batchSize: batch, epochs: 3)
        let id = try store.createRun(NewRun(name: name, study: "seed", config: config, version: "test"))
        for (index, accuracy) in accuracies.enumerated() {
            try store.appendEpoch(runID: id, logs: epochLogs(epoch: index + 1, valAccuracy: accuracy, diverged: status == .diverged),
                                  stepLosses: [StepLoss(step: index * 10, loss: 2 - accuracy), StepLoss(step: index * 10 + 5, loss: 1.9 - accuracy)])
        }
        if status != .running { try store.setStatus(runID: id, status, message: status == .diverged ? "loss became nan" : nil) }
    }
    return store
}

func epochLogs(epoch: Int, valAccuracy: Double, diverged: Bool = false) -> EpochLogs {
    var logs = EpochLogs()
    logs["epoch"] = Double(epoch)
    logs["step"] = Double(epoch * 10)
    logs["loss"] = diverged && epoch == 2 ? .nan : 2 - valAccuracy
    logs["val_accuracy"] = valAccuracy
    logs["seconds"] = 10
    return logs
}
