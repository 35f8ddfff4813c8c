import BatchLabTraining
import BatchLabTracking
import Foundation

// Usage: store-writer STORE NAME EPOCHS [MILLISECONDS-BETWEEN-EPOCHS]
// Records one run of EPOCHS epochs into STORE, printing "epoch N" after each is stored, as a
// training process would; the tests run several at once, or kill one mid-run.
let arguments = CommandLine.arguments
guard arguments.count >= 4, let epochs = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: store-writer STORE NAME EPOCHS [MILLISECONDS]\n".utf8))
    exit(64)
}
let pause = arguments.count > 4 ? UInt32(arguments[4]) ?? 0 : 0
let store = try SQLiteRunStore(path: arguments[1])
let config = RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: 0.001, learningRate: 0.001,
                       batchSize: 32, epochs: epochs)
let runID = try store.createRun(NewRun(name: arguments[2], study: "writers", config: config, version: "test"))
for epoch in 1...epochs {
    var logs = EpochLogs()
    logs["epoch"] = Double(epoch)
    logs["loss"] = 1 / Double(epoch)
    logs["val_accuracy"] = Double(epoch) / Double(epochs)
    try store.appendStepLosses(runID: runID, [StepLoss(step: epoch * 10, loss: 1 / Double(epoch))])
    try store.appendEpoch(runID: runID, logs: logs)
    print("epoch \(epoch)")
    fflush(stdout)
    if pause > 0 { usleep(pause * 1000) }
}
try store.setStatus(runID: runID, .finished, message: nil)
