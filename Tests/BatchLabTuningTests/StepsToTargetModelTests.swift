import Testing
import BatchLabTuning

struct StepsToTargetModelTests {
    private let batchSizes = [16, 32, 64, 128, 256, 512, 1024, 2048]
    private let truth = StepsToTargetModel(minimumSteps: 100, noiseScale: 300)
    private var exactPoints: [StepsToTargetModel.Point] {
        batchSizes.map { .init(batchSize: $0, steps: truth.steps(batchSize: Double($0))) }
    }

    /// S(300) = 100 · (1 + 1) = 200 = 2 S_min; E(300) = 2 E_min = 2 · 30,000.
    @Test func predictionsByHand() {
        #expect(truth.steps(batchSize: 300) == 200)
        #expect(truth.minimumExamples == 30_000)
        #expect(truth.examples(batchSize: 300) == 60_000)
        #expect(truth.steps(batchSize: 150) == 300)
        #expect(truth.examples(batchSize: 150) * 1 == truth.steps(batchSize: 150) * 150)
    }

    /// Tolerance 1%, as asked; the exact fit is good to ~1e-12.
    @Test func fitRecoversBothParameters() throws {
        let fitted = try #require(StepsToTargetModel.fit(exactPoints))
        #expect(abs(fitted.minimumSteps - 100) / 100 < 0.01)
        #expect(abs(fitted.noiseScale - 300) / 300 < 0.01)
    }

    @Test func fitMinimumStepsWithTheTrueNoiseScale() throws {
        let fitted = try #require(StepsToTargetModel.fitMinimumSteps(exactPoints, noiseScale: 300))
        #expect(abs(fitted.minimumSteps - 100) < 1e-9)
        #expect(fitted.noiseScale == 300)
    }

    /// Relative errors +4, −3, +2, −5, +3, −2, +5, −4 %: NumPy's weighted least squares gives
    /// S_min = 99.05, B_noise = 303.6; with B_noise fixed at 300, S_min = 99.73.
    /// Asserted: S_min within 5%, B_noise within 10%.
    @Test func noisyPointsFitReasonably() throws {
        let errors = [0.04, -0.03, 0.02, -0.05, 0.03, -0.02, 0.05, -0.04]
        let points = zip(exactPoints, errors).map { point, error in
            StepsToTargetModel.Point(batchSize: point.batchSize, steps: point.steps * (1 + error))
        }
        let fitted = try #require(StepsToTargetModel.fit(points))
        #expect(abs(fitted.minimumSteps - 99.05192831486728) < 1e-6)
        #expect(abs(fitted.noiseScale - 303.5524631322728) < 1e-6)
        #expect(abs(fitted.minimumSteps - 100) / 100 < 0.05 && abs(fitted.noiseScale - 300) / 300 < 0.1)
        let fixed = try #require(StepsToTargetModel.fitMinimumSteps(points, noiseScale: 300))
        #expect(abs(fixed.minimumSteps - 99.73011525588477) < 1e-6)
    }

    @Test func impossibleFitsAreNil() {
        #expect(StepsToTargetModel.fit([.init(batchSize: 64, steps: 500), .init(batchSize: 64, steps: 510)]) == nil)
        // S = −50 + 10,000 / B: a = −50 ≤ 0.
        #expect(StepsToTargetModel.fit([32, 64, 128].map { .init(batchSize: $0, steps: -50 + 10_000 / Double($0)) }) == nil)
        // Steps rising with batch size: b < 0.
        #expect(StepsToTargetModel.fit([.init(batchSize: 32, steps: 100), .init(batchSize: 64, steps: 120)]) == nil)
        #expect(StepsToTargetModel.fitMinimumSteps([], noiseScale: 300) == nil)
    }
}
