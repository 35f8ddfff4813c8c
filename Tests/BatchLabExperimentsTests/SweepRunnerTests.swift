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
                            logDirectory: directory.appendingPathComponent("logs"), commonArguments: ["--threads", "1"]), store)
    }

    @Test func aCrashAndARejectionDoNotStopTheOtherRuns() throws {
        let (runner, storePath) = runner(parallel: 2)
        let specs = ["a", "crash b", "reject c", "d"].map { RunSpec(name: $0, epochs: 3) }
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
        let specs = ["a", "b", "c"].map { RunSpec(name: $0, epochs: 1000) }
        var started = false
        let rows = try runner.run(specs, shouldStop: { started }) { rows in
            started = started || rows.filter { $0.epoch >= 1 }.count == 2
        }
        #expect(rows.map(\.status) == ["interrupted", "interrupted", "queued"])
        #expect(rows[0].message == "stopped by signal 2")
        #expect(rows[0].epoch < 1000)
    }

    @Test func passesTheStoreStudyAndCommonArguments() {
        let (runner, storePath) = runner(parallel: 1)
        let arguments = runner.arguments(for: RunSpec(name: "x", epochs: 2))
        #expect(arguments.first == "train")
        #expect(arguments.suffix(6) == ["--store", storePath, "--study", "s", "--threads", "1"])
    }

    @Test func fileNamesKeepOnlySafeCharacters() {
        #expect(SweepRunner.fileName("test 4: batch 128, lr 4e-3 (linear rule)") == "test_4__batch_128__lr_4e-3__linear_rule_")
        #expect(SweepRunner.fileName("../etc") == ".._etc")
    }
}
