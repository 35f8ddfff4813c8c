import Testing
@testable import BatchLabConfig

/// Expected rates are hand-computed: 0.001 · 128/32 = 0.004; 0.001 · √(128/32) = 0.002;
/// 0.01 · √(64/32) = 0.014142135623730951 (Python: 0.01 * math.sqrt(2)). Tolerance: 1e-12 relative.
struct LearningRateScalingTests {
    private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(abs(a), abs(b)) }

    @Test func noneKeepsTheBaseRate() {
        #expect(LearningRateScaling.none.effectiveLearningRate(base: 0.001, baseBatchSize: 32, batchSize: 128) == 0.001)
    }

    @Test func linearRuleFrom32To128() {
        #expect(close(LearningRateScaling.linear.effectiveLearningRate(base: 0.001, baseBatchSize: 32, batchSize: 128), 0.004))
    }

    @Test func squareRootRuleFrom32To128() {
        #expect(close(LearningRateScaling.sqrt.effectiveLearningRate(base: 0.001, baseBatchSize: 32, batchSize: 128), 0.002))
    }

    @Test func squareRootRuleOfANonSquareRatio() {
        #expect(close(LearningRateScaling.sqrt.effectiveLearningRate(base: 0.01, baseBatchSize: 32, batchSize: 64), 0.014142135623730951))
    }

    @Test func smallerBatchesScaleDown() {
        #expect(close(LearningRateScaling.linear.effectiveLearningRate(base: 0.004, baseBatchSize: 128, batchSize: 32), 0.001))
    }

    @Test func rawValuesAreTheFlagWords() {
        #expect(LearningRateScaling.allCases.map(\.rawValue) == ["none", "linear", "sqrt"])
    }
}
