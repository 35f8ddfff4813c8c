import BatchLabConfig
import BatchLabTracking
import Foundation
import Testing
@testable import BatchLabExperiments

/// The runner with `store-writer train` standing in for `batchlab train`.
@Suite struct SweepRunnerTests {
    func runner(parallel: Int) -> (SweepRunner, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        let store = directory.appendingPathComponent("runs.sqlite").path
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("store-writer")
        return (SweepRunner(executable: executable, storePath: store, study: "s", parallel: parallel,
                            logDirectory: directory.appendingPathComponent("logs"), threads: 1), store)
    }

    @Test func aCrashAndARejectionDoNotStopTheOtherRuns() throws {
        let (runner, storePath) = runner(parallel: 2)
        let specs = ["a", "crash b", "reject c", "d"].map { spec($0, epochs: 3) }
        var updates = 0
        var mostAtOnce = 0
        let rows = try runner.run(specs) { rows in
            updates += 1
            mostAtOnce = max(mostAtOnce, rows.filter { $0.status == "running" || $0.status == "starting" }.count)
        }
        #expect(rows.map(\.status) == ["finished", "failed", "failed", "finished"])
        #expect(rows.map(\.epoch) == [3, 1, 0, 3])
        #expect(rows[2].message == "Error: rejected by the test")
        #expect(rows[1].message?.hasPrefix("crashed with signal 6") == true)
        #expect(updates >= 2 && mostAtOnce <= 2)
        let store = try SQLiteRunStore(path: storePath)
        #expect(try store.runs(study: "s").count == 3)
        #expect(try store.runs(study: "s").allSatisfy { $0.status != .running })
        let log = try String(contentsOf: runner.logDirectory.appendingPathComponent("a.log"), encoding: .utf8)
        #expect(log.contains("epoch 3"))
    }

    @Test func aStopInterruptsTheRunningRunsAndStartsNoMore() throws {
        let (runner, _) = runner(parallel: 2)
        let specs = ["a", "b", "c"].map { spec($0, epochs: 1000) }
        var started = false
        let rows = try runner.run(specs, stopSignal: { started ? SIGINT : nil }) { rows in
            started = started || rows.filter { $0.epoch >= 1 }.count == 2
        }
        #expect(rows.map(\.status) == ["interrupted", "interrupted", "queued"])
        #expect(rows[0].message == "stopped by signal 2")
        #expect(rows[0].epoch < 1000)
    }

    /// Successive halving, r = 1, η = 3, 9 epochs: rungs 1 and 3. The fake runs log
    /// val_accuracy = lr · epoch and wait at each rung for the runner's verdict. One at a time:
    /// a (lr 0.1): 0.1 at epoch 1 is alone (n = 1, rank 1 ≤ ⌈1/3⌉ = 1), 0.3 at epoch 3 too: it
    ///   trains all 9 epochs;
    /// b (lr 0.05): 0.05 at epoch 1 ranks 2nd of 2, ⌈2/3⌉ = 1 kept: stopped;
    /// c (lr 0.01): 0.01 at epoch 1 ranks 3rd of 3, ⌈3/3⌉ = 1 kept: stopped.
    @Test func earlyTerminationStopsTheRunsRankedLowAtARung() throws {
        let (runner, storePath) = runner(parallel: 1)
        let specs = [("a", 0.1), ("b", 0.05), ("c", 0.01)].map { spec($0, lr: $1, epochs: 9) }
        let rows = try runner.run(specs, earlyTermination: EarlyTermination(kind: .successiveHalving)) { _ in }
        #expect(rows.map(\.status) == ["finished", "stopped-early", "stopped-early"])
        #expect(rows[0].epoch == 9 && rows[0].message == nil)
        #expect(rows[0].valAccuracy.map { abs($0 - 0.9) < 1e-12 } == true)
        #expect(rows[1].message == "val_accuracy 0.05 at epoch 1 ranks 2nd of 2 runs; only the best continues (successive halving, η = 3)")
        #expect(rows[2].message == "val_accuracy 0.01 at epoch 1 ranks 3rd of 3 runs; only the best continues (successive halving, η = 3)")
        // Stopped at their first rung: no epoch after it was trained.
        #expect(rows[1].epoch == 1 && rows[2].epoch == 1)
        let store = try SQLiteRunStore(path: storePath)
        let records = try store.runs(study: "s").sorted { $0.name < $1.name }
        #expect(records.map(\.status) == [.finished, .stoppedEarly, .stoppedEarly])
        #expect(records.map(\.message) == rows.map(\.message))
        #expect(records.allSatisfy { $0.endedAt != nil })
        #expect(try store.epochs(runID: records[0].id).count == 9)
    }

    /// Successive halving, η = 3, 4 epochs: rungs 1 and 3. Three runs at once, the first trial
    /// ten times slower (1 s an epoch against 0.1 s), so b
    /// and c reach rung 1 polls before it and wait there for it. The decisions are those of
    /// running a, b, c one after another: a (0.1) continues, b (0.05, 2nd of 2) stops, c (0.2,
    /// 1st of 3) continues, and at rung 3 c (0.6) ranks above a (0.3). Judged in arrival order
    /// instead, a would have stopped (0.1 ranking 2nd of 3 behind c's 0.2). The speeds only make
    /// the arrival order differ from the trial order; the expected result holds whatever it is.
    @Test func earlyTerminationDecidesInTrialOrderWhateverTheSpeed() throws {
        let (runner, _) = runner(parallel: 3)
        let specs = [("slow a", 0.1), ("b", 0.05), ("c", 0.2)].map { spec($0, lr: $1, epochs: 4) }
        let rows = try runner.run(specs, earlyTermination: EarlyTermination(kind: .successiveHalving)) { _ in }
        #expect(rows.map(\.status) == ["finished", "stopped-early", "finished"])
        #expect(rows.map(\.epoch) == [4, 1, 4])
    }

    /// A run that waits at a rung when the sweep is stopped ends as interrupted.
    @Test func aStopReachesARunWaitingAtARung() throws {
        let (runner, _) = runner(parallel: 1)
        let specs = [spec("a", lr: 0.1, epochs: 9)]
        var sawRung = false
        let rows = try runner.run(specs, earlyTermination: EarlyTermination(kind: .successiveHalving),
                                  stopSignal: { sawRung ? SIGINT : nil }) { rows in sawRung = sawRung || rows[0].epoch >= 1 }
        #expect(rows.map(\.status) == ["interrupted"])
        #expect(rows[0].epoch < 9)
    }

    /// A run starts as `train --config FILE`, its configuration written beside its log with the
    /// sweep's threads and a checkpoint folder set.
    @Test func startsEachRunFromItsConfigurationFile() throws {
        let (runner, storePath) = runner(parallel: 1)
        let processes = try #require(runner.workers as? ProcessWorkers)
        let file = processes.configurationFile(for: spec("x y", epochs: 2)).path
        #expect(file == runner.logDirectory.appendingPathComponent("x_y.yaml").path)
        #expect(processes.arguments(for: spec("x y", epochs: 2)) == ["train", "--config", file, "--name", "x y", "--study", "s", "--store", storePath])
        #expect(processes.arguments(for: spec("x y", epochs: 9), waitingAt: [1, 3]).suffix(2) == ["--wait-at-epochs", "1,3"])
        _ = try runner.run([spec("x y", lr: 0.5, epochs: 2)]) { _ in }
        var expected = spec("x y", lr: 0.5, epochs: 2).configuration
        expected.threads = 1
        expected.callbacks.checkpointDir = runner.logDirectory.appendingPathComponent("checkpoints").path
        #expect(try ConfigurationFile.load(path: file) == expected)
    }

    /// A sweep stopped with its first run interrupted and two never started, then resumed: every
    /// run ends finished exactly once, the interrupted one continuing its own record.
    @Test func aResumedSweepFinishesEveryRunOnce() throws {
        let (runner, storePath) = runner(parallel: 1)
        // The first run holds after its second epoch until the stop reaches it.
        let specs = ["held a", "b", "c"].map { spec($0, epochs: 8) }
        var reached = false
        let first = try runner.run(specs, stopSignal: { reached ? SIGINT : nil }) { rows in reached = reached || rows[0].epoch >= 2 }
        #expect(first.map(\.status) == ["interrupted", "queued", "queued"])
        let second = try runner.run(specs, resuming: true) { _ in }
        #expect(second.map(\.status) == ["finished", "finished", "finished"])
        let store = try SQLiteRunStore(path: storePath)
        let runs = try store.runs(study: "s")
        #expect(runs.count == 3 && Set(runs.map(\.name)) == ["held a", "b", "c"])
        for run in runs { #expect(try store.epochs(runID: run.id).map { $0["epoch"] } == (1...8).map(Double.init), "\(run.name)") }
        let log = try String(contentsOf: runner.logDirectory.appendingPathComponent("held_a.log"), encoding: .utf8)
        #expect(log.components(separatedBy: "epoch 1\n").count == 2 && log.hasSuffix("epoch 8\n"))
        // Nothing is left to do: taking it up again changes nothing.
        #expect(try runner.run(specs, resuming: true) { _ in }.map(\.status) == ["finished", "finished", "finished"])
        #expect(try store.runs(study: "s").count == 3)
    }

    /// Successive halving (η = 3, rungs 1 and 3 of 9 epochs), stopped once b has been stopped at
    /// its first rung, then resumed: c (0.01, 3rd of 3 at epoch 1) stops, d (0.2, 1st of 4; at
    /// epoch 3 0.6 against a's 0.3) continues: the decisions of the sweep run in one go.
    @Test func aResumedSweepKeepsItsHalvingDecisions() throws {
        let specs = [("a", 0.1), ("b", 0.05), ("c", 0.01), ("d", 0.2)].map { spec($0, lr: $1, epochs: 9) }
        let halving = EarlyTermination(kind: .successiveHalving)
        let (straight, _) = runner(parallel: 1)
        let expected = try straight.run(specs, earlyTermination: halving) { _ in }.map(\.status)
        #expect(expected == ["finished", "stopped-early", "stopped-early", "finished"])
        let (runner, _) = runner(parallel: 1)
        var stopped = false
        let first = try runner.run(specs, earlyTermination: halving, stopSignal: { stopped ? SIGINT : nil }) { rows in
            stopped = stopped || rows[1].status == "stopped-early"
        }
        #expect(first.map(\.status) == ["finished", "stopped-early", "queued", "queued"])
        let resumed = try runner.run(specs, earlyTermination: halving, resuming: true) { _ in }
        #expect(resumed.map(\.status) == expected)
        #expect(resumed.map(\.epoch) == [9, 1, 1, 9])
    }

    /// Two at a time, successive halving (rungs 1 and 3 of 9 epochs): b reaches rung 1 before the
    /// first trial (1 s before its first epoch) and waits there; the sweep is stopped with both running. b's checkpoint
    /// is past rung 1, so resumed it would not wait there again: the runner holds it until rung 1
    /// is judged with a's value (0.05 against 0.1: 2nd of 2, stopped at epoch 1), never letting a
    /// verdict meant for rung 1 reach it at rung 3.
    @Test func aRunStoppedWhileWaitingAtARungIsJudgedThereWhenResumed() throws {
        let specs = [("late a", 0.1), ("b", 0.05), ("c", 0.2)].map { spec($0, lr: $1, epochs: 9) }
        let halving = EarlyTermination(kind: .successiveHalving)
        let (runner, storePath) = runner(parallel: 2)
        var waiting = false
        let first = try runner.run(specs, earlyTermination: halving, stopSignal: { waiting ? SIGINT : nil }) { rows in
            waiting = waiting || (rows[1].epoch >= 1 && rows[0].epoch == 0 && rows[0].status == "running")
        }
        #expect(first.map(\.status) == ["interrupted", "interrupted", "queued"])
        #expect(first[1].epoch == 1 && first[0].epoch == 0)
        let resumed = try runner.run(specs, earlyTermination: halving, resuming: true) { _ in }
        #expect(resumed.map(\.status) == ["finished", "stopped-early", "finished"])
        #expect(resumed.map(\.epoch) == [9, 1, 9])
        #expect(resumed[1].message == "val_accuracy 0.05 at epoch 1 ranks 2nd of 2 runs; only the best continues (successive halving, η = 3)")
        #expect(try SQLiteRunStore(path: storePath).runs(study: "s").count == 3)
    }

    @Test func fileNamesKeepOnlySafeCharacters() {
        #expect(SweepRunner.fileName("test 4: batch 128, lr 4e-3 (linear rule)") == "test_4__batch_128__lr_4e-3__linear_rule_")
        #expect(SweepRunner.fileName("../etc") == ".._etc")
    }
}

/// A run of `epochs` epochs at learning rate `lr`.
func spec(_ name: String, lr: Double = 0.001, epochs: Int) -> RunSpec {
    var run = RunSpec(name: name)
    (run.configuration.optimizer.lr, run.configuration.epochs) = (lr, epochs)
    return run
}
