import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabTracking

@Suite struct SQLiteRunStoreTests {
    @Test func recordsARunWithItsConfigEpochsAndStepLosses() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.createRun(NewRun(name: "baseline", study: "seed", config: sampleConfig, version: "0.2.0"))
        var logs = EpochLogs()
        logs["epoch"] = 1
        logs["loss"] = .nan
        logs["accuracy"] = 0.25
        logs["custom"] = 3
        try store.appendEpoch(runID: id, logs: logs, stepLosses: [StepLoss(step: 0, loss: 2.3), StepLoss(step: 10, loss: 1.9)])
        try store.setStatus(runID: id, .diverged, message: "loss nan")

        let run = try #require(try store.run(id: id))
        #expect(run.name == "baseline" && run.study == "seed" && run.config == sampleConfig)
        #expect(run.status == .diverged && run.message == "loss nan" && run.endedAt != nil)
        #expect(run.pid == ProcessInfo.processInfo.processIdentifier)
        let epochs = try store.epochs(runID: id)
        #expect(epochs.count == 1)
        #expect(epochs[0].keys == ["epoch", "loss", "accuracy", "custom"])
        #expect(epochs[0]["loss"]!.isNaN && epochs[0]["accuracy"] == 0.25)
        #expect(try store.stepLosses(runID: id) == [StepLoss(step: 0, loss: 2.3), StepLoss(step: 10, loss: 1.9)])
    }

    @Test func listsRunsNewestFirstByStudyAndDeletesWithTheirLogs() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let first = try store.createRun(NewRun(name: "a", study: "s1", config: sampleConfig, version: "t"))
        let second = try store.createRun(NewRun(name: "b", study: "s2", config: sampleConfig, version: "t"))
        var logs = EpochLogs()
        logs["epoch"] = 1
        try store.appendEpoch(runID: first, logs: logs)
        #expect(try store.runs().map(\.id) == [second, first])
        #expect(try store.runs(study: "s1").map(\.name) == ["a"])
        #expect(try store.deleteRun(id: first))
        #expect(try !store.deleteRun(id: first))
        #expect(try store.epochs(runID: first).isEmpty)
        #expect(throws: StoreError.noSuchRun(first)) { try store.setStatus(runID: first, .finished, message: nil) }
    }

    @Test func resumingForgetsEpochsAfterTheCheckpoint() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.createRun(NewRun(name: "r", config: sampleConfig, version: "t"))
        let process = { RunProcess(host: ProcessInfo.processInfo.hostName, pid: $0, processStart: nil) }
        for epoch in 1...4 {
            var logs = EpochLogs()
            logs["epoch"] = Double(epoch)
            try store.appendEpoch(runID: id, logs: logs)
        }
        #expect(throws: StoreError.notResumable(id, status: "running")) { try store.resume(runID: id, afterEpoch: 2, process: process(42)) }
        try store.setStatus(runID: id, .interrupted, message: nil)
        try store.resume(runID: id, afterEpoch: 2, process: process(42))
        let run = try #require(try store.run(id: id))
        #expect(run.status == .running && run.pid == 42 && run.endedAt == nil)
        #expect(try store.epochs(runID: id).map { $0["epoch"] } == [1, 2])
        // A second claim fails: the run is running again.
        #expect(throws: StoreError.notResumable(id, status: "running")) { try store.resume(runID: id, afterEpoch: 2, process: process(43)) }
        try store.setStatus(runID: id, .finished, message: nil)
        #expect(throws: StoreError.notResumable(id, status: "finished")) { try store.resume(runID: id, afterEpoch: 2, process: process(43)) }
    }

    @Test func aRunningRunWhoseProcessIsGoneReadsAsInterrupted() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        var orphan = NewRun(name: "orphan", config: sampleConfig, version: "t")
        orphan.process.pid = Int32.max - 1
        let orphanID = try store.createRun(orphan)
        let liveID = try store.createRun(NewRun(name: "live", config: sampleConfig, version: "t"))
        #expect(try store.run(id: orphanID)?.effectiveStatus == .interrupted)
        #expect(try store.run(id: liveID)?.effectiveStatus == .running)
        #expect(try store.markOrphansInterrupted() == 1)
        #expect(try store.run(id: orphanID)?.status == .interrupted)
        #expect(try store.run(id: liveID)?.status == .running)
    }

    /// The ranks of a sweep's MPI job that train a run (migration v7); none for other runs.
    @Test func recordsTheMPIRanksOfASweepsRun() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.createRun(NewRun(name: "r", config: sampleConfig, version: "t"))
        #expect(try store.run(id: id)?.mpiRanks == nil)
        try store.setMPIRanks(runID: id, [1, 2])
        #expect(try store.run(id: id)?.mpiRanks == [1, 2])
        #expect(throws: StoreError.noSuchRun(id + 1)) { try store.setMPIRanks(runID: id + 1, [1]) }
    }

    @Test func aPidGivenToAnotherProcessDoesNotKeepADeadRunAlive() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        // A run recorded by an earlier process that had this test's pid: same pid, another start.
        var earlier = NewRun(name: "earlier holder of the pid", config: sampleConfig, version: "t")
        let now = try #require(earlier.process.processStart)
        earlier.process.processStart = now.split(separator: "/")[0] + "/1"
        let earlierID = try store.createRun(earlier)
        // A run from before the store kept process starts: the pid alone decides.
        var older = NewRun(name: "recorded before v5", config: sampleConfig, version: "t")
        older.process.processStart = nil
        let olderID = try store.createRun(older)
        let liveID = try store.createRun(NewRun(name: "live", config: sampleConfig, version: "t"))
        #expect(try store.run(id: earlierID)?.effectiveStatus == .interrupted)
        #expect(try store.run(id: olderID)?.effectiveStatus == .running)
        #expect(try store.run(id: liveID)?.effectiveStatus == .running)
        #expect(try store.markOrphansInterrupted() == 1)
        #expect(try store.run(id: earlierID)?.status == .interrupted)
    }

    @Test func reopeningAnExistingStoreKeepsItsRuns() throws {
        let path = temporaryStorePath()
        let id = try SQLiteRunStore(path: path).createRun(NewRun(name: "kept", config: sampleConfig, version: "t"))
        #expect(try SQLiteRunStore(path: path).run(id: id)?.name == "kept")
    }
}

@Suite struct EpochSummaryTests {
    @Test func summarisesEveryRunInOneQuery() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let first = try store.createRun(NewRun(name: "a", config: sampleConfig, version: "t"))
        let empty = try store.createRun(NewRun(name: "b", config: sampleConfig, version: "t"))
        for (epoch, accuracy, loss) in [(1, 0.3, 2.0), (2, 0.5, 1.5), (3, Double.nan, Double.nan)] {
            var logs = EpochLogs()
            logs["epoch"] = Double(epoch)
            logs["loss"] = loss
            logs["val_accuracy"] = accuracy
            try store.appendEpoch(runID: first, logs: logs)
        }
        let summaries = try store.epochSummaries()
        #expect(summaries[first] == EpochSummary(count: 3, bestValAccuracy: 0.5, lastLoss: nil))
        #expect(summaries[empty] == nil)
    }
}

@Suite struct ManyRunsReadTests {
    /// Two runs: one with three epochs (a NaN loss at epoch 3) and step losses with their rates, one without epochs.
    func store() throws -> (SQLiteRunStore, Int64, Int64) {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let first = try store.createRun(NewRun(name: "a", config: sampleConfig, version: "t"))
        let empty = try store.createRun(NewRun(name: "b", config: sampleConfig, version: "t"))
        for (epoch, accuracy, loss) in [(1, 0.3, 2.0), (2, 0.5, 1.5), (3, 0.45, Double.nan)] {
            var logs = EpochLogs()
            logs["epoch"] = Double(epoch)
            logs["loss"] = loss
            logs["val_accuracy"] = accuracy
            logs["val_loss"] = 3 - Double(epoch)
            logs["seconds"] = 10
            logs["images_per_second"] = 900 + Double(epoch)
            logs["peak_rss_mb"] = [80, 95, 90][epoch - 1]
            try store.appendEpoch(runID: first, logs: logs, stepLosses: [
                StepLoss(step: 10 * epoch, loss: loss, learningRate: 0.001 * Double(epoch)),
                StepLoss(step: 10 * epoch + 5, loss: 1, learningRate: .infinity),
            ])
        }
        return (store, first, empty)
    }

    @Test func summariesCoverBestLastSumAndPeak() throws {
        let (store, first, empty) = try store()
        let expected = EpochSummary(count: 3, bestValAccuracy: 0.5, lastLoss: nil, lastValAccuracy: 0.45, bestValLoss: 0,
                                    seconds: 30, imagesPerSecond: 903, peakRSSMB: 95)
        #expect(try store.epochSummaries()[first] == expected)
        #expect(try store.epochSummaries(runIDs: [first, empty]) == [first: expected])
        #expect(try store.epochSummaries(runIDs: []).isEmpty)
    }

    @Test func epochsOfManyRunsCarryOnlyTheKeysAskedAndLogged() throws {
        let (store, first, empty) = try store()
        let epochs = try store.epochs(runIDs: [first, empty, 999], keys: ["epoch", "loss", "not_logged"])
        #expect(epochs.keys.sorted() == [first])
        #expect(epochs[first]?.map(\.keys) == [["epoch", "loss"], ["epoch", "loss"], ["epoch"]])
        #expect(epochs[first]?.map { $0["loss"] } == [2.0, 1.5, nil])
        // Many ids: chunked under SQLite's parameter limit.
        let many = try store.epochs(runIDs: Array(1...2_500).map(Int64.init), keys: ["val_accuracy"])
        #expect(many[first]?.compactMap { $0["val_accuracy"] } == [0.3, 0.5, 0.45])
    }

    @Test func stepLossesKeepTheirLearningRates() throws {
        let (store, first, empty) = try store()
        let steps = try store.stepLosses(runIDs: [first, empty])
        #expect(steps.keys.sorted() == [first])
        #expect(steps[first]?.map(\.step) == [10, 15, 20, 25, 30, 35])
        #expect(steps[first]?.map(\.learningRate) == [0.001, nil, 0.002, nil, 0.003, nil])
        #expect(try store.stepLosses(runID: first).map(\.step) == steps[first]?.map(\.step))
        #expect(steps[first]?[4].loss.isNaN == true)
    }
}
