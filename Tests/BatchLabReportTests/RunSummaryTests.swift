import Testing
@testable import BatchLabReport

@Suite struct RunSummaryTests {
    /// By hand from `steadyRun`: val acc 0.40, 0.52, 0.57, 0.56; seconds 10, 11, 12, 9;
    /// images/s 1000, 1200, 1100, 1300 (median of four = (1100 + 1200) / 2); peak MB max 620.
    @Test func summarisesASteadyRun() {
        let summary = RunSummary(run: steadyRun(), targetAccuracy: 0.55)
        #expect(summary.finalValAccuracy == 0.56)
        #expect(summary.bestValAccuracy == 0.57 && summary.bestEpoch == 3)
        #expect(summary.finalLoss == 1.0)
        #expect(summary.epochsToTarget == 3)
        #expect(summary.secondsToTarget == 33)
        #expect(summary.totalSeconds == 42)
        #expect(summary.medianImagesPerSecond == 1150)
        #expect(summary.peakMemoryMB == 620)
    }

    @Test func targetNeverReachedOrAbsentGivesNil() {
        for target in [0.9, nil] as [Double?] {
            let summary = RunSummary(run: steadyRun(), targetAccuracy: target)
            #expect(summary.epochsToTarget == nil && summary.secondsToTarget == nil)
            #expect(summary.bestValAccuracy == 0.57)
        }
    }

    @Test func reachingTheTargetExactlyCounts() {
        let summary = RunSummary(run: steadyRun(), targetAccuracy: 0.52)
        #expect(summary.epochsToTarget == 2 && summary.secondsToTarget == 21)
    }

    /// NaN validation accuracy is ignored; the final loss keeps the NaN; median of three = 950.
    @Test func summarisesADivergedRun() throws {
        let summary = RunSummary(run: divergedRun(), targetAccuracy: 0.55)
        #expect(summary.finalValAccuracy == 0.12)
        #expect(summary.bestValAccuracy == 0.12 && summary.bestEpoch == 2)
        #expect(try #require(summary.finalLoss).isNaN)
        #expect(summary.epochsToTarget == nil)
        #expect(summary.totalSeconds == 30)
        #expect(summary.medianImagesPerSecond == 950)
        #expect(summary.peakMemoryMB == 490)
    }

    /// A resumed run logs epochs 5 and 6; the second has no "seconds": 0.6 is reached at epoch 6
    /// after the 40 s of epoch 5 only.
    @Test func usesRecordedEpochNumbersAndSkipsMissingSeconds() {
        let run = ReportRun(id: 3, name: "resumed", status: "running", batchSize: 128, learningRate: 0.02, epochs: [
            [EpochKey.epoch: 5, EpochKey.valAccuracy: 0.5, EpochKey.seconds: 40],
            [EpochKey.epoch: 6, EpochKey.valAccuracy: 0.6],
        ])
        let summary = RunSummary(run: run, targetAccuracy: 0.6)
        #expect(summary.epochsToTarget == 6 && summary.bestEpoch == 6)
        #expect(summary.secondsToTarget == 40 && summary.totalSeconds == 40)
        #expect(summary.medianImagesPerSecond == nil && summary.peakMemoryMB == nil)
    }

    @Test func anEmptyRunHasNoNumbers() {
        let summary = RunSummary(run: ReportRun(id: 4, name: "new", status: "running", batchSize: 32, learningRate: 0.1),
                                 targetAccuracy: 0.5)
        #expect(summary.finalValAccuracy == nil && summary.bestEpoch == nil && summary.finalLoss == nil)
        #expect(summary.totalSeconds == nil && summary.medianImagesPerSecond == nil)
    }
}
