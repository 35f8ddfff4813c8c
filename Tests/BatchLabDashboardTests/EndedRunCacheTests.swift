@testable import BatchLabTracking
import BatchLabTraining
import Foundation
import Synchronization
import Testing
@testable import BatchLabDashboard

@Suite struct EndedRunCacheTests {
    func record(_ id: Int64, _ status: RunStatus, endedAt: Date? = Date(timeIntervalSince1970: 1_000)) -> RunRecord {
        RunRecord(id: id, name: "r\(id)", config: RunConfig(model: "m", optimizer: "adam", requestedLearningRate: 0.1, learningRate: 0.1,
                                                            batchSize: 32, epochs: 1),
                  status: status, startedAt: Date(), endedAt: status.isActive ? nil : endedAt, host: "h", pid: 1, version: "t")
    }

    /// A read that answers one epoch per run holding each key asked (value: the run id), counting what it was asked.
    final class CountingRead: Sendable {
        let asked = Mutex<[([Int64], Set<String>)]>([])
        func callAsFunction(_ ids: [Int64], _ keys: [String]) -> [Int64: [EpochLogs]] {
            asked.withLock { $0.append((ids, Set(keys))) }
            return Dictionary(uniqueKeysWithValues: ids.map { id in (id, [EpochLogs(keys.map { ($0, Double(id)) })]) })
        }
    }

    @Test func endedRunsAreReadOnceAndRunningRunsEveryTime() {
        let cache = EndedRunCache(), read = CountingRead()
        let runs = [record(1, .finished), record(2, .running), record(3, .diverged)]
        _ = cache.epochs(of: runs, keys: ["loss"], read: read.callAsFunction)
        let again = cache.epochs(of: runs, keys: ["loss"], read: read.callAsFunction)
        #expect(read.asked.withLock { $0.map(\.0) } == [[1, 2, 3], [2]])
        #expect(again[1]?.first?["loss"] == 1 && again[2]?.first?["loss"] == 2 && again[3]?.first?["loss"] == 3)
    }

    @Test func aKeyNotYetReadOrANewEndReadsTheRunAgain() {
        let cache = EndedRunCache(), read = CountingRead()
        _ = cache.epochs(of: [record(1, .finished)], keys: ["loss"], read: read.callAsFunction)
        // Another key: read again, with the keys already held, so both stay cached.
        let both = cache.epochs(of: [record(1, .finished)], keys: ["val_loss"], read: read.callAsFunction)
        #expect(read.asked.withLock { $0.last?.1 } == ["loss", "val_loss"] && both[1]?.first?.keys.count == 2)
        _ = cache.epochs(of: [record(1, .finished)], keys: ["loss", "val_loss"], read: read.callAsFunction)
        #expect(read.asked.withLock(\.count) == 2)
        // Resumed and ended again: a new end time, so the epochs are read again.
        _ = cache.epochs(of: [record(1, .finished, endedAt: Date(timeIntervalSince1970: 2_000))], keys: ["loss"], read: read.callAsFunction)
        _ = cache.epochs(of: [record(1, .interrupted, endedAt: Date(timeIntervalSince1970: 2_000))], keys: ["loss"], read: read.callAsFunction)
        #expect(read.asked.withLock(\.count) == 4)
    }

    @Test func summariesAreCachedLikeEpochsAbsentOnesToo() {
        let cache = EndedRunCache(), reads = Mutex(0)
        let read = { (ids: [Int64]) -> [Int64: EpochSummary] in
            reads.withLock { $0 += 1 }
            return Dictionary(uniqueKeysWithValues: ids.filter { $0 != 3 }.map { ($0, EpochSummary(count: 1, bestValAccuracy: 0.5, lastLoss: 1)) })
        }
        let runs = [record(1, .finished), record(3, .failed)]
        let first = cache.summaries(of: runs, read: read), second = cache.summaries(of: runs, read: read)
        #expect(reads.withLock { $0 } == 1 && first == second && first.keys.sorted() == [1])
    }
}
