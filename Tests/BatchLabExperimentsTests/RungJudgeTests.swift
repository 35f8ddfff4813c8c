import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabExperiments
@testable import BatchLabTracking

/// The judge fed runs' epochs in scripted arrival orders, as the sweep runner reads them from the store.
struct RungJudgeTests {
    /// Epoch logs 1, 2, … with these val_accuracy values.
    private func epochs(_ values: [Double]) -> [EpochLogs] {
        values.enumerated().map { index, value in
            var logs = EpochLogs()
            logs["epoch"] = Double(index + 1)
            logs["val_accuracy"] = value
            return logs
        }
    }

    private let specs = ["a", "b", "c", "d"].map { spec($0, epochs: 9) }

    /// Reports each run's epochs in the order given (every run still active), then asks for the
    /// verdicts due; returns them as "name@epoch: continue" or "name@epoch: stop".
    private func arrive(_ runs: [(index: Int, values: [Double])], _ judge: inout RungJudge,
                        active: Set<String>? = nil) -> [String] {
        for run in runs { judge.record(specs[run.index], epochs: epochs(run.values)) }
        return judge.verdicts(isActive: { active?.contains($0) ?? true }).map(Self.describe)
    }

    private static func describe(_ verdict: RungJudge.Verdict) -> String {
        switch verdict.verdict {
        case .continue: "\(verdict.name)@\(verdict.epoch): continue"
        case .stop: "\(verdict.name)@\(verdict.epoch): stop"
        case .interrupt: "\(verdict.name)@\(verdict.epoch): interrupt"
        }
    }

    /// Successive halving, r = 1, η = 3, 9 epochs: rungs 1 and 3. At epoch 1, a (0.5) is alone
    /// and continues; b (0.4) ranks 2nd of 2, where ⌈2/3⌉ = 1 is kept, and stops.
    @Test func aRunRankedLowAtARungIsToldToStopOnce() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        #expect(judge.rungs(of: specs[0]) == [1, 3])
        #expect(arrive([(0, [0.5]), (1, [0.4])], &judge) == ["a@1: continue", "b@1: stop"])
        #expect(judge.stopped == ["b": "val_accuracy 0.4 at epoch 1 ranks 2nd of 2 runs; only the best continues (successive halving, η = 3)"])
        // Later polls return every epoch again: nothing is judged twice, a stopped run never again.
        #expect(arrive([(0, [0.5]), (1, [0.4, 0.9, 0.95])], &judge) == [])
    }

    /// The scripted arrival order b, c, a (later trials first): b and c wait at rung 1 until a,
    /// the first trial, has been judged there; then all three are judged in trial order, so the
    /// decisions are those of a, b, c run one after another: a continues, b (0.6 > 0.5, 1st of
    /// 2) continues, c (0.45, 3rd of 3) stops.
    @Test func laterTrialsWaitForEarlierOnesAtARung() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        #expect(arrive([(1, [0.6])], &judge) == [])
        #expect(arrive([(2, [0.45])], &judge) == [])
        #expect(arrive([(0, [0.5])], &judge) == ["a@1: continue", "b@1: continue", "c@1: stop"])
    }

    /// The same values in every arrival order give the same decisions.
    @Test func decisionsDoNotDependOnTheArrivalOrder() {
        let values: [(index: Int, values: [Double])] = [(0, [0.5]), (1, [0.6]), (2, [0.45]), (3, [0.7])]
        var decisions: Set<[String]> = []
        for order in [[0, 1, 2, 3], [3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]] {
            var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
            var verdicts: [String] = []
            for index in order { verdicts += arrive([values[index]], &judge) }
            decisions.insert(verdicts.sorted())
        }
        #expect(decisions == [["a@1: continue", "b@1: continue", "c@1: stop", "d@1: continue"]])
    }

    /// A trial that ended before the rung (crashed, diverged, stopped at an earlier rung) is
    /// not waited for: b is judged once a has ended, against nobody.
    @Test func anEndedEarlierTrialIsNotWaitedFor() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        #expect(arrive([(1, [0.1])], &judge, active: ["a", "b"]) == [])
        #expect(arrive([], &judge, active: ["b"]) == ["b@1: continue"])
    }

    /// A stopped run at rung 1 never reaches rung 3, so runs at rung 3 do not wait for it.
    @Test func aRunStoppedAtAnEarlierRungIsNotWaitedForLater() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        #expect(arrive([(0, [0.5]), (1, [0.1])], &judge) == ["a@1: continue", "b@1: stop"])
        #expect(arrive([(2, [0.6, 0.6, 0.7])], &judge) == ["c@1: continue"])
        #expect(arrive([(2, [0.6, 0.6, 0.7])], &judge) == [])  // c waits at rung 3 for a, not for b
        #expect(arrive([(0, [0.5, 0.5, 0.8])], &judge) == ["a@3: continue", "c@3: stop"])
    }

    /// The store returns all of a run's epochs on every poll; each rung is judged once, on its
    /// first report. c (0.45 at epoch 1) ranks 3rd of 3 with 1 kept: it stops, even though its
    /// epoch 3 would rank first.
    @Test func aPollWithSeveralEpochsIsJudgedInEpochOrder() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        #expect(arrive([(0, [0.5, 0.55, 0.6]), (1, [0.6])], &judge) == ["a@1: continue", "a@3: continue", "b@1: continue"])
        #expect(arrive([(2, [0.45, 0.9, 0.99])], &judge) == ["c@1: stop"])
        #expect(judge.stopped["c"]?.hasPrefix("val_accuracy 0.45 at epoch 1 ranks 3rd of 3 runs") == true)
    }

    /// Epochs 2, 4…9 are no rungs (rungs lie strictly below the 9 epochs): nothing there
    /// stops a run, however poor or non-finite.
    @Test func epochsOffTheRungsNeverStop() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        _ = arrive([(0, [0.9, 0.9, 0.9])], &judge)
        var logs = epochs([0, 0, 0, 0, 0, 0, 0, 0, 0])
        logs = logs.filter { ![1, 3].contains(Int($0["epoch"]!)) }
        logs[0]["val_accuracy"] = .nan
        judge.record(specs[1], epochs: logs)
        #expect(judge.verdicts(isActive: { _ in true }).isEmpty)
        #expect(judge.stopped.isEmpty)
    }

    /// Logs without the metric rank as NaN: the run stops at its first rung, even when alone.
    @Test func aMissingMetricStopsTheRunAtItsFirstRung() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving, metric: "val_loss", mode: .min), specs: specs)
        #expect(arrive([(0, [0.5])], &judge) == ["a@1: stop"])
        #expect(judge.stopped["a"] == "val_loss is nan at epoch 1; a run with a non-finite metric stops")
    }

    /// Hyperband, r = 1, η = 3, 9 epochs: s_max = 2, brackets with rungs [1, 3], [3], [];
    /// runs a, b, c, d go to brackets 0, 1, 2, 0. b is ranked at epoch 3 on its own board, so
    /// its 0.1 continues although a recorded 0.95 there; d (0.2 at epoch 1) ranks below a (0.9)
    /// on bracket 0's board and stops; c's bracket has no rung: it never waits.
    @Test func hyperbandBracketsUseSeparateBoards() {
        var judge = RungJudge(EarlyTermination(kind: .hyperband), specs: specs)
        #expect(specs.map { judge.rungs(of: $0) } == [[1, 3], [3], [], [1, 3]])
        let verdicts = arrive([(0, [0.9, 0.92, 0.95]), (1, [0.1, 0.1, 0.1]), (2, Array(repeating: 0, count: 9)),
                               (3, [0.2])], &judge)
        #expect(verdicts == ["a@1: continue", "a@3: continue", "b@3: continue", "d@1: stop"])
        #expect(judge.stopped["d"] == "val_accuracy 0.2 at epoch 1 ranks 2nd of 2 runs; only the best continues (successive halving, η = 3)")
    }

    /// Runs of a sweep whose lengths differ have different schedules, so separate boards: the
    /// long run neither waits for the short one nor is ranked against it.
    @Test func runsOfDifferentLengthsAreRankedApart() {
        let specs = [spec("short", epochs: 9), spec("long", epochs: 27)]
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        judge.record(specs[1], epochs: epochs([0.1]))
        #expect(judge.verdicts(isActive: { _ in true }).map(Self.describe) == ["long@1: continue"])
        judge.record(specs[0], epochs: epochs([0.9]))
        #expect(judge.verdicts(isActive: { _ in true }).map(Self.describe) == ["short@1: continue"])
    }

    @Test func aSpecOutsideTheSweepIsNeverJudged() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        let stranger = spec("stranger", epochs: 9)
        judge.record(stranger, epochs: epochs([.nan]))
        #expect(judge.rungs(of: stranger) == [])
        #expect(judge.verdicts(isActive: { _ in true }).isEmpty)
    }

    /// A resumed sweep takes up what its runs recorded: rungs a run trained past were judged
    /// `continue`, the rung a run stopped early at was judged `stop`, and neither is judged again
    /// whatever the runs that resume (a, failed before rung 1) report. b trained to epoch 5 past
    /// rungs 1 and 3; c was stopped at rung 1; d waits at rung 1, recorded last and undecided.
    @Test func aResumedSweepKeepsTheDecisionsItsRecordsImply() {
        var judge = RungJudge(EarlyTermination(kind: .successiveHalving), specs: specs)
        judge.takeUp(specs[1], epochs: epochs([0.2, 0.25, 0.3, 0.35, 0.4]), stopReason: nil)
        judge.takeUp(specs[2], epochs: epochs([0.1]), stopReason: "ranked low")
        judge.takeUp(specs[3], epochs: epochs([0.9]), stopReason: nil)
        #expect(judge.rungs(of: specs[1]).isEmpty && judge.rungs(of: specs[3]) == [1, 3])
        #expect(judge.hasRecorded(specs[3], epoch: 1) && !judge.hasRecorded(specs[1], epoch: 1))
        #expect(judge.stopped["c"] == "ranked low")
        // d waits for a (active, before it) at rung 1. a, retried, is ranked against every value
        // recorded there (b 0.2, c 0.1): its 0.05 is 3rd of 3 and stops; b is not judged again;
        // d (0.9, 1st of 4: ⌈4/3⌉ = 2 kept) continues.
        #expect(judge.verdicts(isActive: { $0 != "c" }).isEmpty)
        #expect(arrive([(0, [0.05])], &judge) == ["a@1: stop", "d@1: continue"])
    }
}
