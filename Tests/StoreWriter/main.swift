import BatchLabTraining
import BatchLabTracking
import Foundation

// A process that writes runs into a store, as training processes do, for the store and sweep tests.
//
//   store-writer STORE NAME EPOCHS [MILLISECONDS]
//       records one run of EPOCHS epochs, pausing MILLISECONDS before each, printing "epoch N"
//       after each is stored;
//   store-writer train --store STORE --study STUDY --name NAME --epochs N [--lr LR] [--pause-ms MS]
//                      [--wait-at-epochs E1,E2…] [other flags ignored]
//       stands in for `batchlab train` under the sweep runner; a NAME containing "crash" aborts
//       after its first epoch, one containing "reject" exits 1 before recording anything.
//       val_accuracy is min(1, LR · epoch) when --lr is given (so runs of different rates rank
//       apart, for early termination), else epoch / N; it pauses MS ms before recording each epoch
//       (default 20), ten times that when NAME contains "slow".
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
            learningRate: Double? = nil, waitAt gates: Set<Int> = []) throws {
    let store = try SQLiteRunStore(path: path)
    let config = RunConfig(model: "seed-cnn", optimizer: "adam", requestedLearningRate: 0.001, learningRate: 0.001,
                           batchSize: 32, epochs: epochs)
    let runID = try store.createRun(NewRun(name: name, study: study, config: config, version: "test"))
    for epoch in 1...epochs {
        // The epoch's "training" happens before it is recorded, as in `batchlab train`.
        if pause > 0 { usleep(pause * 1000) }
        var logs = EpochLogs()
        logs["epoch"] = Double(epoch)
        logs["loss"] = 1 / Double(epoch)
        logs["val_accuracy"] = learningRate.map { min(1, $0 * Double(epoch)) } ?? Double(epoch) / Double(epochs)
        try store.appendEpoch(runID: runID, logs: logs, stepLosses: [StepLoss(step: epoch * 10, loss: 1 / Double(epoch))])
        print("epoch \(epoch)")
        fflush(stdout)
        if crash { abort() }
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

if arguments.count > 1, arguments[1] == "train" {
    func value(_ flag: String) -> String? { arguments.firstIndex(of: flag).map { arguments[$0 + 1] } }
    let name = value("--name")!
    if name.contains("reject") {
        print("Error: rejected by the test")
        exit(1)
    }
    try record(store: value("--store")!, name: name, study: value("--study"), epochs: Int(value("--epochs")!)!,
               pause: (value("--pause-ms").flatMap { UInt32($0) } ?? 20) * (name.contains("slow") ? 10 : 1), crash: name.contains("crash"),
               learningRate: value("--lr").flatMap { Double($0) },
               waitAt: Set(value("--wait-at-epochs").map { $0.split(separator: ",").compactMap { Int($0) } } ?? []))
} else {
    guard arguments.count >= 4, let epochs = Int(arguments[3]) else {
        FileHandle.standardError.write(Data("usage: store-writer STORE NAME EPOCHS [MILLISECONDS]\n".utf8))
        exit(64)
    }
    try record(store: arguments[1], name: arguments[2], study: "writers", epochs: epochs,
               pause: arguments.count > 4 ? UInt32(arguments[4]) ?? 0 : 0, crash: false)
}
