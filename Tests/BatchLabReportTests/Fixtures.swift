@testable import BatchLabReport

/// Epoch logs from parallel columns; a nil column leaves the key out.
func epochLogs(valAccuracy: [Double], accuracy: [Double]? = nil, loss: [Double]? = nil, seconds: [Double]? = nil,
               imagesPerSecond: [Double]? = nil, peakMB: [Double]? = nil, tensorMB: [Double]? = nil) -> [[String: Double]] {
    valAccuracy.indices.map { index in
        var logs: [String: Double] = [EpochKey.epoch: Double(index + 1), EpochKey.valAccuracy: valAccuracy[index]]
        let columns = [(EpochKey.accuracy, accuracy), (EpochKey.loss, loss), (EpochKey.seconds, seconds),
                       (EpochKey.imagesPerSecond, imagesPerSecond), (EpochKey.peakRSSMB, peakMB),
                       (EpochKey.tensorMemoryMB, tensorMB)]
        for case let (key, column?) in columns { logs[key] = column[index] }
        return logs
    }
}

/// Four epochs that pass 0.55 validation accuracy at epoch 3, after 10 + 11 + 12 = 33 s.
func steadyRun(id: Int64 = 1, name: String = "bs64-lr0.01", batchSize: Int = 64) -> ReportRun {
    ReportRun(id: id, name: name, study: "batch-size", status: "finished", batchSize: batchSize, learningRate: 0.01,
              config: [ConfigEntry("optimizer", "sgd"), ConfigEntry("momentum", "0.9")],
              epochs: epochLogs(valAccuracy: [0.40, 0.52, 0.57, 0.56], accuracy: [0.35, 0.50, 0.60, 0.65],
                                loss: [1.8, 1.3, 1.1, 1.0], seconds: [10, 11, 12, 9],
                                imagesPerSecond: [1000, 1200, 1100, 1300], peakMB: [500, 620, 610, 615],
                                tensorMB: [40, 42, 42, 42]))
}

/// Three epochs whose loss blows up: NaN validation accuracy and loss in the last one.
func divergedRun(id: Int64 = 2, name: String = "bs64-lr1") -> ReportRun {
    ReportRun(id: id, name: name, status: "diverged", batchSize: 64, learningRate: 1,
              epochs: epochLogs(valAccuracy: [0.10, 0.12, .nan], accuracy: [0.1, 0.1, .nan],
                                loss: [2.3, .infinity, .nan], seconds: [10, 10, 10],
                                imagesPerSecond: [900, 950, 1000], peakMB: [480, 480, 490], tensorMB: [30, 30, 30]))
}
