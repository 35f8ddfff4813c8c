import BatchLabTracking
import Foundation

/// A store in a new temporary folder.
func temporaryStorePath() -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batchlab-store-\(UUID().uuidString)")
    return directory.appendingPathComponent("runs.sqlite").path
}

let sampleConfig = RunConfig(model: "seed-cnn", optimizer: "adam", optimizerParameters: ["beta_1": 0.9],
                             requestedLearningRate: 0.001, learningRate: 0.004, scaleLR: "linear",
                             batchSize: 128, epochs: 3, seed: 7, threads: 2, dataDirectory: "/data", subset: 1000,
                             callbacks: ["ReduceLROnPlateau(patience: 2)"])

/// The built `store-writer` helper, beside the test binary.
func storeWriterURL() -> URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("store-writer")
}
