import BatchLabConfig
import BatchLabCore
import BatchLabTraining
import BatchLabTracking
import Foundation

// Writes a store of made-up finished runs, as large as asked, for the dashboard's load checks:
//
//   synthetic-store STORE RUNS EPOCHS [STEPS_PER_EPOCH]
//
// RUNS runs (1…100,000) in study "load", each of EPOCHS epochs (1…1,000) with every value
// `batchlab train` logs, and STEPS_PER_EPOCH (0…1,000, default 20) step losses and learning rates
// per epoch: the training loss logged every ~78 steps of a batch-32 epoch on CIFAR-10. Settings
// vary as a sweep's would (lr log-uniform in [1e-4, 1e-1], batch 32–256, seeds 0–4, one run in ten
// with ReduceLROnPlateau's drop at mid-run); curves are smooth saturating rises with seeded noise.
// The store must not exist: this writes a new one.
let arguments = CommandLine.arguments
func refuse(_ message: String) -> Never {
    FileHandle.standardError.write(Data("synthetic-store: \(message)\n".utf8))
    exit(2)
}
guard (4...5).contains(arguments.count), let runs = Int(arguments[2]), (1...100_000).contains(runs),
      let epochs = Int(arguments[3]), (1...1_000).contains(epochs) else {
    refuse("usage: synthetic-store STORE RUNS(1…100000) EPOCHS(1…1000) [STEPS_PER_EPOCH(0…1000)]")
}
let stepsLogged = arguments.count == 5 ? Int(arguments[4]) ?? -1 : 20
guard (0...1_000).contains(stepsLogged) else { refuse("STEPS_PER_EPOCH must be a whole number from 0 to 1000 (got '\(arguments[4])')") }
guard !FileManager.default.fileExists(atPath: arguments[1]) else { refuse("\(arguments[1]) exists: give a new file") }

let store = try SQLiteRunStore(path: arguments[1])
var random = SplitMix64(seed: 2026)
func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) }
let started = Date()
for index in 0..<runs {
    let batchSize = [32, 64, 128, 256][index % 4]
    let learningRate = pow(10, -4 + 3 * uniform())
    let seed = UInt64(index % 5)
    let plateau = index % 10 == 9
    let config = RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: learningRate, learningRate: learningRate,
                           batchSize: batchSize, epochs: epochs, seed: seed, threads: 1,
                           callbacks: plateau ? ["ReduceLROnPlateau(monitor: val_loss, factor: 0.1, patience: 3)"] : [])
    let id = try store.createRun(NewRun(name: String(format: "lr %.2e b%d s%d", learningRate, batchSize, seed), study: "load",
                                        config: config, version: "synthetic"))
    // Rates far from ~1e-3 learn less; large batches take fewer steps.
    let ceiling = 0.72 - 0.12 * abs(log10(learningRate) + 3) - 0.01 * Double(seed % 2)
    let pace = 2 + 2 * log2(Double(batchSize) / 32)
    let stepsPerEpoch = 40_000 / batchSize
    var elapsed = 0.0
    for epoch in 1...epochs {
        let rate = plateau && epoch > epochs / 2 ? learningRate / 10 : learningRate
        let progress = 1 - exp(-Double(epoch) / pace)
        var logs = EpochLogs()
        logs["epoch"] = Double(epoch)
        logs["loss"] = 2.3 - 1.5 * progress + 0.02 * uniform()
        logs["accuracy"] = 0.1 + (ceiling + 0.05) * progress
        logs["val_loss"] = 2.3 - 1.3 * progress + 0.03 * uniform()
        logs["val_accuracy"] = 0.1 + ceiling * progress + 0.01 * uniform()
        logs["lr"] = rate
        logs["step"] = Double(epoch * stepsPerEpoch)
        let seconds = 3 + 4 * 32 / Double(batchSize) + 0.3 * uniform()
        elapsed += seconds
        logs["seconds"] = seconds
        logs["images_per_second"] = 40_000 / seconds
        logs["peak_rss_mb"] = 70 + Double(batchSize) * 0.4
        logs["tensor_memory_mb"] = 10 + Double(batchSize) * 0.3
        let steps = (0..<stepsLogged).map { index in
            let step = (epoch - 1) * stepsPerEpoch + index * stepsPerEpoch / max(1, stepsLogged)
            let loss = 2.3 - 1.5 * (1 - exp(-Double(step) / Double(stepsPerEpoch) / pace)) + 0.15 * uniform()
            return StepLoss(step: step, loss: loss, learningRate: rate)
        }
        try store.appendEpoch(runID: id, logs: logs, stepLosses: steps)
    }
    try store.setStatus(runID: id, .finished, message: nil)
}
print("synthetic-store: \(runs) runs × \(epochs) epochs (\(stepsLogged) step losses each) in \(arguments[1]), "
      + String(format: "%.1f s", Date().timeIntervalSince(started)))
