import Testing
import BatchLabTuning

/// Tolerance: 1e-12 absolute (values near 1).
struct BatchSizeAdviceTests {
    private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }

    /// B_noise = 200, B₀ = 32 at lr 0.01; throughput 32: 1,000, 128: 3,000, 512: 8,000 images/s.
    /// time ∝ (B + 200) / ips: 232/1000 = 0.232, 328/3000 = 0.10933, 712/8000 = 0.089.
    /// Relative to B₀: 1, 41/87 = 0.471264…, 89/232 = 0.383621…
    /// S/S_min = 1 + 200/B: 7.25, 2.5625, 1.390625. E/E_min = 1 + B/200: 1.16, 1.64, 3.56.
    /// Regions: 32 ≤ 50 perfect scaling; 128 and 512 (< 800) transition.
    /// 512 is fastest but above 2 · B_noise = 400, so 128 is recommended, at lr 0.01 · 4 = 0.04,
    /// saving 1 − 41/87 = 46/87 = 0.528736… of the time.
    @Test func threeCandidatesByHand() throws {
        let advice = try BatchSizeAdvice(noiseScale: 200, currentBatchSize: 32, currentLearningRate: 0.01,
                                         imagesPerSecond: [512: 8000, 32: 1000, 128: 3000])
        #expect(advice.candidates.map(\.batchSize) == [32, 128, 512])
        let expectedTimes = [1, 41.0 / 87, 89.0 / 232]
        let expectedSteps = [7.25, 2.5625, 1.390625]
        let expectedExamples = [1.16, 1.64, 3.56]
        for (i, candidate) in advice.candidates.enumerated() {
            #expect(close(candidate.relativeTime, expectedTimes[i]))
            #expect(close(candidate.relativeSteps, expectedSteps[i]))
            #expect(close(candidate.relativeExamples, expectedExamples[i]))
        }
        #expect(advice.candidates.map(\.region) == [.perfectScaling, .transition, .transition])
        #expect(advice.candidates.map(\.learningRate) == [0.01, 0.04, 0.16])
        #expect(advice.recommendedBatchSize == 128 && advice.recommendedLearningRate == 0.04)
        #expect(close(advice.predictedTimeRatio, 41.0 / 87) && close(advice.predictedSaving, 46.0 / 87))
    }

    /// B_noise = 10, so the cap 2 · B_noise = 20 is below every candidate. Times ∝ (B + 10)/ips:
    /// 32: 42/300 = 0.14, 64: 74/1000 = 0.074, 1024: 1034/20000 = 0.0517. 1,024 would be fastest,
    /// but the smallest, 32, is recommended: ratio 0.14/0.074 = 1.8919 — slower, at a third of the
    /// examples per step. Regions: 32 < 40 transition; 64 and 1,024 ≥ 40 diminishing returns.
    @Test func allAboveTheCapGivesTheSmallest() throws {
        let advice = try BatchSizeAdvice(noiseScale: 10, currentBatchSize: 64, currentLearningRate: 0.1,
                                         imagesPerSecond: [32: 300, 64: 1000, 1024: 20000])
        #expect(advice.candidates.map(\.region) == [.transition, .diminishingReturns, .diminishingReturns])
        #expect(advice.recommendedBatchSize == 32 && advice.recommendedLearningRate == 0.05)
        #expect(close(advice.predictedTimeRatio, 0.14 / 0.074))
    }

    /// B_noise = +∞ means the noise hid the gradient: nothing was measured, so no advice.
    @Test func anUnboundedNoiseScaleGivesNoAdvice() {
        #expect(throws: BatchSizeAdvice.InputError.noiseScaleNotFinite) {
            try BatchSizeAdvice(noiseScale: .infinity, currentBatchSize: 64, currentLearningRate: 0.1,
                                imagesPerSecond: [64: 1000, 256: 2500, 1024: 2400])
        }
    }

    @Test func errorsTeach() {
        #expect(throws: BatchSizeAdvice.InputError.currentBatchSizeNotMeasured(64, measured: [32, 128])) {
            try BatchSizeAdvice(noiseScale: 100, currentBatchSize: 64, currentLearningRate: 0.1, imagesPerSecond: [128: 1, 32: 1])
        }
        #expect(throws: BatchSizeAdvice.InputError.noiseScaleNotPositive(-3)) {
            try BatchSizeAdvice(noiseScale: -3, currentBatchSize: 64, currentLearningRate: 0.1, imagesPerSecond: [64: 1])
        }
        #expect(BatchSizeAdvice.InputError.currentBatchSizeNotMeasured(64, measured: [32, 128]).description
            == "throughput was measured at [32, 128] but not at the current batch size 64; measure it there too, as times are relative to it")
    }
}
