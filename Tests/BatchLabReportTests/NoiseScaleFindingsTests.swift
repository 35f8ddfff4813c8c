import BatchLabTuning
import Testing
@testable import BatchLabReport

struct NoiseScaleFindingsTests {
    private func analysis(_ estimates: [NoiseScaleEstimate], advice: BatchSizeAdvice? = nil) -> NoiseScaleAnalysis {
        NoiseScaleAnalysis(batchSize: 32, learningRate: 0.01, estimates: estimates, throughput: [], advice: advice)
    }

    /// B_simple 50 → 900 over the run. The 68% interval of the last: its two pairs give
    /// bootstrap means of both low pairs, B = (26.1796875 · 512/15) / ((1380 − 924)/480) =
    /// 893.6 / 0.95 = 940.6; both high, 906.4 / 1.05 = 863.2; one of each, 900. Each of the
    /// first two is a quarter of the resamples, so the 16th and 84th percentiles are 863 and 941.
    /// Advice at B_noise 900 from batch 32 (lr 0.01): time ∝ (B + 900)/ips: 932/1000 = 0.932,
    /// 1028/3000 = 0.3427, 1412/8000 = 0.1765, all under the cap 1800; 512 is fastest,
    /// 0.1765/0.932 = 0.19× the time (81% less), lr 0.01 · 16 = 0.16, steps
    /// (1 + 900/512)/(1 + 900/32) = 2.7578/29.125 = 0.09×.
    @Test func aRunOfEstimatesWithAdvice() throws {
        #expect(NoiseScaleFindings.sentences(try noiseAnalysis()) == [
            "The gradient noise scale B_simple went from 50 before training to 900 after epoch 4 (step 400) "
                + "(68% bootstrap interval 863–941, 2 pairs of batches 32 and 512).",
            "Batch sizes up to about 225 should scale almost perfectly (twice the batch, half the steps); "
                + "beyond about 3600 extra examples per step buy few fewer steps.",
            "Recommended: batch 512 at lr 0.16 (linear rule from lr 0.01 at batch 32); it should reach the same accuracy in "
                + "0.19× the time of batch 32, 81% less wall-clock time (0.09× the steps; 8000 vs 1000 images/s measured here).",
        ])
    }

    /// B_noise 10 from batch 64 at lr 0.1 (`BatchSizeAdviceTests`): every candidate is above the
    /// cap 20, so the smallest, 32, is advised although slower: 0.14/0.074 = 1.89× the time
    /// (89% more), lr 0.1 · 32/64 = 0.05, steps (1 + 10/32)/(1 + 10/64) = 1.3125/1.15625 = 1.14×.
    @Test func aSlowerRecommendationSaysMoreTime() throws {
        let advice = try BatchSizeAdvice(noiseScale: 10, currentBatchSize: 64, currentLearningRate: 0.1,
                                         imagesPerSecond: [32: 300, 64: 1000, 1024: 20000])
        let sentences = NoiseScaleFindings.sentences(analysis([noiseEstimate(bSimple: 10, epoch: 3, step: 30)], advice: advice))
        #expect(sentences.last == "Recommended: batch 32 at lr 0.05 (linear rule from lr 0.1 at batch 64); it should reach the "
            + "same accuracy in 1.89× the time of batch 64, 89% more wall-clock time (1.14× the steps; 300 vs 1000 images/s measured here).")
        #expect(sentences.first?.hasPrefix("The gradient noise scale B_simple is 10 after epoch 3 (step 30) (68% bootstrap interval ") == true)
    }

    @Test func theCurrentBatchSizeBeingFastestIsSaidSo() throws {
        let advice = try BatchSizeAdvice(noiseScale: 900, currentBatchSize: 512, currentLearningRate: 0.01,
                                         imagesPerSecond: [32: 1000, 512: 8000])
        let sentences = NoiseScaleFindings.sentences(analysis([noiseEstimate(bSimple: 900, epoch: 1, step: 10)], advice: advice))
        #expect(sentences.last == "Batch 512 is already the fastest choice on this machine.")
    }

    /// Mean |G_small|² 10.25 and |G_big|² 0.5 give |G|² = (256 − 328)/480 < 0: B_simple = +∞.
    @Test func noiseDominatedEstimatesGiveNoAdvice() {
        let pairs = [GradientNormPair(small: 10, big: 0.5), GradientNormPair(small: 10.5, big: 0.5)]
        let estimate = GradientNoiseScale.estimate(smallBatchSize: 32, bigBatchSize: 512, measurements: pairs, resamples: 10,
                                                   step: 0, epoch: 0)
        #expect(NoiseScaleFindings.sentences(analysis([estimate])) == [
            "The gradient noise scale B_simple is ∞ before training (68% bootstrap interval ∞–∞).",
            "The noise swamps the gradient at these batch sizes, so no batch size can be advised; use more --measurements or a larger --big-batch.",
        ])
    }

    @Test func anEstimateWithoutEpochIsPlacedByStep() {
        let sentences = NoiseScaleFindings.sentences(analysis([noiseEstimate(bSimple: 300, epoch: nil, step: 120)]))
        #expect(sentences.first?.hasPrefix("The gradient noise scale B_simple is 300 at step 120 (") == true)
        #expect(sentences.last == "No batch size can be advised from a noise scale of 300.")
        #expect(NoiseScaleFindings.sentences(analysis([])) == ["No noise-scale estimate was taken."])
    }

    /// Whole numbers from 10 up, two significant digits below.
    @Test func formatting() {
        #expect(NoiseScaleFindings.format(1234.4) == "1234")
        #expect(NoiseScaleFindings.format(12.6) == "13")
        #expect(NoiseScaleFindings.format(10) == "10")
        #expect(NoiseScaleFindings.format(9.99) == "10")
        #expect(NoiseScaleFindings.format(0.123) == "0.12")
        #expect(NoiseScaleFindings.format(0.000123) == "0.00012")
        #expect(NoiseScaleFindings.format(-25) == "-25")
        #expect(NoiseScaleFindings.format(.infinity) == "∞" && NoiseScaleFindings.format(-.infinity) == "−∞")
        #expect(NoiseScaleFindings.format(.nan) == "NaN")
    }
}
