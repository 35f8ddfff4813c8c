import BatchLabTuning
import Testing
@testable import BatchLabReport

/// Tolerance: 1e-9 relative for values fitted to points that lie exactly on S = 100 (1 + 300/B)
/// (the fits are closed-form least squares in doubles).
struct StepsToTargetTests {
    private func close(_ a: Double, _ b: Double, _ relative: Double = 1e-9) -> Bool { abs(a - b) <= relative * abs(b) }

    @Test func measuresEveryRunThatReachedTheMostCommonTarget() throws {
        let steps = try #require(StepsToTarget(runs: targetRuns(), noiseScale: nil))
        #expect(steps.target == 0.5)
        // Runs 1–8 reached 0.5; 9 did not; 10 aimed at 0.6, 11 at nothing.
        #expect(steps.measurements.map(\.runName).sorted() == [
            "bs128-lr0.001", "bs128-lr0.01", "bs16-lr0.01", "bs256-lr0.01", "bs32-lr0.01", "bs512-lr0.01",
            "bs64-lr0.01", "bs64-lr0.5",
        ])
        let lone = try #require(steps.measurements.first { $0.runName == "bs64-lr0.01" })
        #expect(lone == StepsToTarget.Measurement(runName: "bs64-lr0.01", batchSize: 64, learningRate: 0.01, steps: 568.75,
                                                  images: 568.75 * 64, seconds: 568.75 * secondsPerStep(64)))
        // Without target_images: steps × batch size = 400 × 128; without target_seconds: NaN.
        let bare = try #require(steps.measurements.first { $0.runName == "bs128-lr0.001" })
        #expect(bare.images == 51_200 && bare.seconds.isNaN)
    }

    @Test func bestKeepsTheFewestStepsPerBatchSizeAscending() throws {
        let steps = try #require(StepsToTarget(runs: targetRuns(), noiseScale: nil))
        #expect(steps.best.map(\.batchSize) == targetBatchSizes)
        #expect(steps.best.map(\.steps) == targetBatchSizes.map(modelSteps))
        #expect(steps.best.allSatisfy { $0.learningRate == 0.01 })
        #expect(steps.missed == [1024])
    }

    /// The best points lie on S = 100 (1 + 300/B), so the fit recovers S_min = 100, B_noise = 300.
    @Test func fitRecoversTheModelTheStepsCameFrom() throws {
        let fitted = try #require(StepsToTarget(runs: targetRuns(), noiseScale: nil)?.fitted)
        #expect(close(fitted.minimumSteps, 100))
        #expect(close(fitted.noiseScale, 300))
    }

    /// With B_noise held at 300, every ratio (1 + 300/B) / S is 1/100, so
    /// S_min = Σ(1/100) / Σ(1/100)² = 100: the prediction matches every best run.
    @Test func aMeasuredNoiseScalePredictsTheSteps() throws {
        let steps = try #require(StepsToTarget(runs: targetRuns(), noiseScale: 300))
        let predicted = try #require(steps.predicted)
        #expect(steps.noiseScale == 300 && predicted.noiseScale == 300)
        #expect(close(predicted.minimumSteps, 100))
        #expect(steps.best.allSatisfy { close(predicted.steps(batchSize: Double($0.batchSize)), $0.steps) })
        // A noise scale that predicts nothing: none, zero, or +∞ (noise-dominated).
        #expect(StepsToTarget(runs: targetRuns(), noiseScale: nil)?.predicted == nil)
        #expect(StepsToTarget(runs: targetRuns(), noiseScale: 0)?.predicted == nil)
        #expect(StepsToTarget(runs: targetRuns(), noiseScale: .infinity)?.predicted == nil)
    }

    @Test func oneBatchSizeMeasuresButFitsNothing() throws {
        let runs = [targetRun(id: 1, batchSize: 64, learningRate: 0.01, steps: 500), targetRun(id: 2, batchSize: 64, learningRate: 0.1, steps: 450)]
        let steps = try #require(StepsToTarget(runs: runs, noiseScale: 300))
        #expect(steps.best.map(\.steps) == [450])
        #expect(steps.fitted == nil)
        // S_min alone still fits one point: 450 / (1 + 300/64) = 450 / 5.6875 = 79.12…
        #expect(steps.predicted.map { close($0.minimumSteps, 450 / 5.6875) } == true)
    }

    @Test func noRunTrainedToATargetGivesNone() {
        #expect(StepsToTarget(runs: [steadyRun(), divergedRun()], noiseScale: 300) == nil)
        #expect(StepsToTarget(runs: [], noiseScale: nil) == nil)
    }

    @Test func aTargetNobodyReachedListsEveryBatchSizeAsMissed() throws {
        let runs = [targetRun(id: 1, batchSize: 256, learningRate: 0.01, steps: nil),
                    targetRun(id: 2, batchSize: 64, learningRate: 0.01, steps: nil)]
        let steps = try #require(StepsToTarget(runs: runs, noiseScale: nil))
        #expect(steps.measurements.isEmpty && steps.best.isEmpty && steps.fitted == nil)
        #expect(steps.missed == [64, 256])
    }
}

extension StepsToTargetTests {
    /// Two targets equally common: the lower one is chosen, in every process (a Dictionary's
    /// order changes from process to process, so the rule must not depend on it).
    @Test
    func aTieBetweenTargetsIsBrokenTheSameWayInEveryProcess() {
        let runs = [targetRun(id: 1, batchSize: 32, learningRate: 0.01, steps: 100, target: 0.5),
                    targetRun(id: 2, batchSize: 64, learningRate: 0.01, steps: 60, target: 0.5),
                    targetRun(id: 3, batchSize: 32, learningRate: 0.01, steps: 150, target: 0.6),
                    targetRun(id: 4, batchSize: 64, learningRate: 0.01, steps: 90, target: 0.6)]
        #expect(StepsToTarget(runs: runs, noiseScale: nil)?.target == 0.5)
    }
}

/// Repeats over seeds: the model fitted to each seed's runs alone, whose range the sentence gives.
@Suite struct StepsToTargetSeedsTests {
    /// Seed 0's steps follow S_min 100, B_noise 50 exactly; seed 1's S_min 120, B_noise 80.
    @Test func eachSeedGetsItsOwnFit() throws {
        let models = [("0", StepsToTargetModel(minimumSteps: 100, noiseScale: 50)), ("1", StepsToTargetModel(minimumSteps: 120, noiseScale: 80))]
        var id: Int64 = 0
        let runs = models.flatMap { seed, model in
            [32, 64, 128].map { batchSize -> ReportRun in
                id += 1
                var run = targetRun(id: id, batchSize: batchSize, learningRate: 0.01, steps: model.steps(batchSize: Double(batchSize)))
                run.config.append(ConfigEntry("seed", seed))
                return run
            }
        }
        let steps = try #require(StepsToTarget(runs: runs, noiseScale: nil))
        #expect(steps.seedFits.count == 2)
        #expect(abs(steps.seedFits[0].minimumSteps - 100) < 1e-6 && abs(steps.seedFits[0].noiseScale - 50) < 1e-6)
        #expect(abs(steps.seedFits[1].minimumSteps - 120) < 1e-6 && abs(steps.seedFits[1].noiseScale - 80) < 1e-6)
        let sentence = Recommendation(runs: runs, rangeTests: [], noiseScales: []).sentences.first { $0.hasPrefix("Fitting") }
        #expect(sentence?.contains("(fitted seed by seed over 2 seeds: S_min 100–120, B_noise 50–80)") == true)
        // One run per setting: no seed fits.
        #expect(try #require(StepsToTarget(runs: Array(runs.prefix(3)), noiseScale: nil)).seedFits.isEmpty)
    }
}
