import BatchLabConfig
import BatchLabTraining
import BatchLabTracking
import Foundation

// A process that writes runs into a store, as training processes do, for the store and sweep tests.
//
//   store-writer STORE NAME EPOCHS [MILLISECONDS]
//       records one run of EPOCHS epochs, pausing MILLISECONDS before each, printing "epoch N"
//       after each is stored;
//   store-writer train --config FILE --store STORE --study STUDY --name NAME [--wait-at-epochs E1,E2…]
//       stands in for `batchlab train` under the sweep runner, reading the epochs and the lr of the
//       configuration FILE; a NAME containing "crash" aborts after its first epoch, one containing
//       "reject" exits 1 before recording anything. val_accuracy is min(1, lr · epoch) (so runs of
//       different rates rank apart, for early termination); it pauses 20 ms before recording each
//       epoch, ten times that when NAME contains "slow", fifty times that before its first epoch
//       when NAME contains "late". A NAME containing "held" stops after recording its second
//       epoch and reads standard input until it ends (or a signal ends the process): a run that
//       is certainly mid-training when a test stops the sweep, whatever the machine's speed.
//   store-writer train --resume ID --store STORE [--wait-at-epochs E1,E2…]
//       stands in for `train --resume`: continues run ID after its last recorded epoch (as from
//       the checkpoint a SIGINT or a wait at a rung leaves), with the epochs and lr of
//       the configuration the store kept for it.
//       After each epoch of --wait-at-epochs it reads a verdict line from standard input, as
//       `batchlab train` does: `stop REASON` ends the run as stopped-early, the end of input as interrupted.
let arguments = CommandLine.arguments
// SIGINT ends it, as an untrapped signal, even when the launching process ignored or blocked
// SIGINT (both are inherited; libdispatch's signal sources block it).
signal(SIGINT, SIG_DFL)
var interrupt = sigset_t()
sigemptyset(&interrupt)
sigaddset(&interrupt, SIGINT)
sigprocmask(SIG_UNBLOCK, &interrupt, nil)

func record(store path: String, name: String, study: String?, epochs: Int, pause: UInt32, crash: Bool,
            learningRate: Double? = nil, waitAt gates: Set<Int> = [], resuming: Int64? = nil) throws {
    let store = try SQLiteRunStore(path: path)
    var configuration = RunConfiguration()
    configuration.epochs = epochs
    configuration.optimizer.lr = learningRate ?? configuration.optimizer.lr
    let config = RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: 0.001, learningRate: 0.001,
                           batchSize: 32, epochs: epochs)
    var first = 1
    let runID: Int64
    if let resuming {
        // As `train --resume` from a checkpoint of its last recorded epoch (as a run stopped by
        // SIGINT, or waiting at a rung, leaves it).
        first = try store.epochs(runID: resuming).count + 1
        try store.resume(runID: resuming, afterEpoch: first - 1, process: .current)
        runID = resuming
    } else {
        runID = try store.createRun(NewRun(name: name, study: study, config: config, configuration: configuration, version: "test"))
    }
    for epoch in first...max(first, epochs) where epoch <= epochs {
        // The epoch's "training" happens before it is recorded, as in `batchlab train`.
        if pause > 0 { usleep(pause * 1000 * (epoch == 1 && name.contains("late") ? 50 : 1)) }
        var logs = EpochLogs()
        logs["epoch"] = Double(epoch)
        logs["loss"] = 1 / Double(epoch)
        logs["val_accuracy"] = learningRate.map { min(1, $0 * Double(epoch)) } ?? Double(epoch) / Double(epochs)
        try store.appendEpoch(runID: runID, logs: logs, stepLosses: [StepLoss(step: epoch * 10, loss: 1 / Double(epoch))])
        print("epoch \(epoch)")
        fflush(stdout)
        if crash { abort() }
        if epoch == 2 && name.contains("held") { while readLine() != nil {} }
        guard gates.contains(epoch), epoch < epochs else { continue }
        var verdict = EpochGate.Verdict.interrupt
        while let line = readLine() {
            guard let parsed = EpochGate.Verdict(line: line) else { continue }
            verdict = parsed
            break
        }
        switch verdict {
        case .continue: continue
        case .stop(let reason): try store.setStatus(runID: runID, .stoppedEarly, message: reason)
        case .interrupt: try store.setStatus(runID: runID, .interrupted, message: "no verdict")
        }
        return
    }
    try store.setStatus(runID: runID, .finished, message: nil)
}

if arguments.count > 1, arguments[1] == "train", let resume = arguments.firstIndex(of: "--resume").map({ Int64(arguments[$0 + 1])! }) {
    func value(_ flag: String) -> String? { arguments.firstIndex(of: flag).map { arguments[$0 + 1] } }
    let store = try SQLiteRunStore(path: value("--store")!)
    let run = try store.run(id: resume)!
    try record(store: value("--store")!, name: run.name, study: run.study, epochs: run.configuration!.epochs,
               pause: run.name.contains("slow") ? 200 : 20, crash: false, learningRate: run.configuration!.optimizer.lr,
               waitAt: Set(value("--wait-at-epochs").map { $0.split(separator: ",").compactMap { Int($0) } } ?? []), resuming: resume)
} else if arguments.count > 1, arguments[1] == "train" {
    func value(_ flag: String) -> String? { arguments.firstIndex(of: flag).map { arguments[$0 + 1] } }
    let name = value("--name")!
    if name.contains("reject") {
        print("Error: rejected by the test")
        exit(1)
    }
    let configuration = try ConfigurationFile.load(path: value("--config")!)
    try record(store: value("--store")!, name: name, study: value("--study"), epochs: configuration.epochs,
               pause: name.contains("slow") ? 200 : 20, crash: name.contains("crash"), learningRate: configuration.optimizer.lr,
               waitAt: Set(value("--wait-at-epochs").map { $0.split(separator: ",").compactMap { Int($0) } } ?? []))
} else {
    guard arguments.count >= 4, let epochs = Int(arguments[3]) else {
        FileHandle.standardError.write(Data("usage: store-writer STORE NAME EPOCHS [MILLISECONDS]\n".utf8))
        exit(64)
    }
    try record(store: arguments[1], name: arguments[2], study: "writers", epochs: epochs,
               pause: arguments.count > 4 ? UInt32(arguments[4]) ?? 0 : 0, crash: false)
}
