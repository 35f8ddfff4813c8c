import BatchLabTuning
import Testing
@testable import BatchLabReport

struct RecommendationTests {
    /// Batch 64: lr 0.01 (best 0.6) and 0.1 (best 0.7, its NaN epoch skipped) are finished and
    /// fixed-length; the diverged lr 1, the stopped-early lr 0.3 and the target runs at batch 64
    /// are left out; batch 128 has one finished lr (0.01) among fixed-length runs: no grid.
    @Test func gridBestIsTheBestFinishedFixedLengthRunPerBatchSize() throws {
        let recommendation = Recommendation(runs: gridRuns() + targetRuns(), rangeTests: [], noiseScales: [])
        #expect(recommendation.gridBest.count == 1)
        let grid = try #require(recommendation.gridBest.first)
        #expect(grid.batchSize == 64 && grid.learningRate == 0.1 && grid.valAccuracy == 0.7 && grid.tried == 2)
        #expect(!recommendation.isEmpty)
    }

    @Test func gridBestIsSortedByBatchSize() {
        let runs = [128, 32].flatMap { batchSize in
            [0.01, 0.1].map { lr in
                ReportRun(id: 1, name: "\(batchSize)-\(lr)", status: "finished", batchSize: batchSize, learningRate: lr,
                          epochs: epochLogs(valAccuracy: [lr == 0.01 ? 0.6 : 0.5]))
            }
        }
        let grid = Recommendation(runs: runs, rangeTests: [], noiseScales: []).gridBest
        #expect(grid.map(\.batchSize) == [32, 128])
        #expect(grid.map(\.learningRate) == [0.01, 0.01])
    }

    @Test func withoutEvidenceItIsEmpty() {
        let recommendation = Recommendation(runs: [steadyRun(), divergedRun()], rangeTests: [], noiseScales: [])
        #expect(recommendation.isEmpty)
        #expect(recommendation.stepsToTarget == nil && recommendation.gridBest.isEmpty)
        #expect(recommendation.sentences.isEmpty && recommendation.charts.isEmpty)
    }

    /// Val accuracies 0.1, 0.48, 0.7 after epochs 0, 2, 4: |0.48 − 0.5| = 0.02 is the nearest to 0.5;
    /// |0.7 − 0.75| = 0.05 < |0.48 − 0.75| = 0.27 for 0.75; without a target, the latest (epoch 4).
    @Test func noiseScaleEstimateNearATargetIsTheOneAtTheClosestAccuracy() throws {
        let noise = try noiseScale()
        #expect(noise.estimate(near: 0.5)?.epoch == 2)
        #expect(noise.estimate(near: 0.5)?.bSimple == 300)
        #expect(noise.estimate(near: 0.75)?.epoch == 4)
        #expect(noise.estimate(near: 0)?.epoch == 0)
        #expect(noise.estimate(near: nil)?.epoch == 4)
        // Accuracies unknown: the latest.
        let unplaced = Recommendation.NoiseScale(name: "n", analysis: try noiseAnalysis())
        #expect(unplaced.estimate(near: 0.5)?.epoch == 4)
    }

    /// The estimate nearest the target (B_simple 300 after epoch 2) sets the prediction.
    @Test func stepsToTargetUsesTheNoiseScaleNearestTheTarget() throws {
        let recommendation = Recommendation(runs: targetRuns(), rangeTests: [], noiseScales: [try noiseScale()])
        #expect(recommendation.noiseScaleAtTarget?.epoch == 2)
        #expect(recommendation.stepsToTarget?.noiseScale == 300)
        let predicted = try #require(recommendation.stepsToTarget?.predicted)
        #expect(abs(predicted.minimumSteps - 100) < 1e-9 * 100)
        // Without a target, a noise scale changes nothing about steps.
        let untargeted = Recommendation(runs: gridRuns(), rangeTests: [], noiseScales: [try noiseScale()])
        #expect(untargeted.stepsToTarget == nil && untargeted.noiseScaleAtTarget == nil && !untargeted.isEmpty)
    }
}
