import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabExperiments
@testable import BatchLabTracking

/// The judge fed runs' epochs as the sweep runner reads them from the store.
struct RungJudgeTests {
    /// The store's record of spec `index`'s run: run ids are 100 + index, so they differ from
    /// the trial indices that pick Hyperband brackets.
    private func record(_ spec: RunSpec, id: Int64) -> RunRecord {
        RunRecord(id: id, name: spec.name, study: "s",
                  config: RunConfig(model: spec.model, optimizer: spec.optimizer, requestedLearningRate: spec.learningRate,
                                    learningRate: spec.learningRate, batchSize: spec.batchSize, epochs: spec.epochs),
                  status: .running, message: nil, startedAt: Date(), endedAt: nil, host: "h", pid: 1, version: "t")
    }

    /// Epoch logs 1, 2, … with these val_accuracy values.
    private func epochs(_ values: [Double]) -> [EpochLogs] {
        values.enumerated().map { index, value in
            var logs = EpochLogs()
            logs["epoch"] = Double(index + 1)
            logs["val_accuracy"] = value
            return logs
        }
    }

    private let specs = ["a", "b", "c", "d"].map { RunSpec(name: $0, epochs: 9) }

    private func judge(_ runs: [(index: Int, values: [Double])], _ judge: inout RungJudge) -> [String?] {
        runs.map { judge.judge(specs[$0.index], record: record(specs[$0.index], id: 100 + Int64($0.index)), epochs: epochs($0.values)) }
    }

    /// Successive halving, r = 1, η = 3, 9 epochs: rungs 1 and 3. At epoch 1, a (0.5) is alone
    /// and continues; b (0.4) ranks 2nd of 2, where ⌈2/3⌉ = 1 is kept, and stops.
    @Test func aRunRankedLowAtARungGetsAReasonOnce() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        #expect(self.judge([(0, [0.5]), (1, [0.4])], &judge) == [nil,
            "val_accuracy 0.4 at epoch 1 ranks 2nd of 2 runs; only the best continues (successive halving, η = 3)"])
        #expect(judge.stopped.keys.sorted() == ["b"])
        // Later polls return every epoch again: the stopped run is not judged again.
        #expect(self.judge([(1, [0.4, 0.9, 0.95])], &judge) == [nil])
        #expect(judge.stopped.count == 1)
    }

    /// The store returns all of a run's epochs on every poll; each rung is judged once, on its
    /// first report. c (0.45 at epoch 1) ranks 2nd of 3 with 1 kept: it stops, even though its
    /// epoch 3 would rank first.
    @Test func aPollWithSeveralEpochsIsJudgedInEpochOrder() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        #expect(self.judge([(0, [0.5, 0.55, 0.6]), (1, [0.6])], &judge) == [nil, nil])
        let reason = self.judge([(2, [0.45, 0.9, 0.99])], &judge)[0]
        #expect(reason?.hasPrefix("val_accuracy 0.45 at epoch 1 ranks 3rd of 3 runs") == true)
    }

    /// Epochs 2, 4…9 are no rungs (rungs lie strictly below the 9 epochs): nothing there
    /// stops a run, however poor or non-finite.
    @Test func epochsOffTheRungsNeverStop() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        _ = self.judge([(0, [0.9, 0.9, 0.9])], &judge)
        var logs = epochs([0, 0, 0, 0, 0, 0, 0, 0, 0])
        logs = logs.filter { ![1, 3].contains(Int($0["epoch"]!)) }
        logs[0]["val_accuracy"] = .nan
        #expect(judge.judge(specs[1], record: record(specs[1], id: 101), epochs: logs) == nil)
        #expect(judge.stopped.isEmpty)
    }

    /// Logs without the metric rank as NaN: the run stops at its first rung, even when alone.
    @Test func aMissingMetricStopsTheRunAtItsFirstRung() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving, metric: "val_loss", mode: .min), specs: specs)
        #expect(self.judge([(0, [0.5])], &judge) == ["val_loss is nan at epoch 1; a run with a non-finite metric stops"])
    }

    /// Hyperband, r = 1, η = 3, 9 epochs: s_max = 2, brackets with rungs [1, 3], [3], [];
    /// runs a, b, c, d go to brackets 0, 1, 2, 0. b is ranked at epoch 3 on its own board, so
    /// its 0.1 continues although a recorded 0.95 there; d (0.2 at epoch 1) ranks below a (0.9)
    /// on bracket 0's board and stops; c's bracket has no rung and never stops.
    @Test func hyperbandBracketsUseSeparateBoards() {
        var judge = RungJudge(EarlyTermination(kind: .hyperband), specs: specs)
        let reasons = self.judge([(0, [0.9, 0.92, 0.95]), (1, [0.1, 0.1, 0.1]), (2, Array(repeating: 0, count: 9)),
                                  (3, [0.2])], &judge)
        #expect(reasons[0] == nil && reasons[1] == nil && reasons[2] == nil)
        #expect(reasons[3] == "val_accuracy 0.2 at epoch 1 ranks 2nd of 2 runs; only the best continues (successive halving, η = 3)")
        #expect(judge.stopped.keys.sorted() == ["d"])
    }

    /// Runs of a sweep whose lengths differ have different schedules, so separate boards.
    @Test func runsOfDifferentLengthsAreRankedApart() {
        let specs = [RunSpec(name: "short", epochs: 9), RunSpec(name: "long", epochs: 27)]
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        #expect(judge.judge(specs[0], record: record(specs[0], id: 1), epochs: epochs([0.9])) == nil)
        #expect(judge.judge(specs[1], record: record(specs[1], id: 2), epochs: epochs([0.1])) == nil)
    }

    @Test func aSpecOutsideTheSweepIsNeverJudged() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        let stranger = RunSpec(name: "stranger", epochs: 9)
        #expect(judge.judge(stranger, record: record(stranger, id: 9), epochs: epochs([.nan])) == nil)
    }
}
