import BatchLabTuning
import Foundation
import Testing
@testable import BatchLabReport

struct RecommendationSentencesTests {
    private func recommendation() throws -> Recommendation {
        Recommendation(runs: gridRuns() + targetRuns(), rangeTests: [.init(name: "bs64", result: rangeTestResult(batchSize: 64))],
                       noiseScales: [try noiseScale()])
    }

    /// Range tests first, then the grid, the noise scale's findings, and steps to the target.
    @Test func oneSentencePerConclusionInOrder() throws {
        let recommendation = try recommendation()
        let sentences = recommendation.sentences
        let noise = NoiseScaleFindings.sentences(try noiseAnalysis())
        #expect(sentences.count == 1 + 1 + noise.count + 5)
        #expect(sentences[0].hasPrefix("The lr range test 'bs64' (batch 64) suggests lr "))
        #expect(sentences[1] == "At batch 64, the best of 2 learning rates was 0.1 (best val_accuracy 0.7000).")
        #expect(Array(sentences[2..<(2 + noise.count)]) == noise)
    }

    /// The suggestion, then fastai's valley and steepest rates, at two significant digits, and
    /// how far the grid's best (0.1 at batch 64) is from the suggestion, as a ratio ≥ 1.
    @Test func rangeTestSentenceComparesTheSuggestionWithTheGrid() throws {
        let result = rangeTestResult(batchSize: 64)
        let suggested = try #require(result.suggestions.descent?.learningRate)
        let valley = try #require(result.suggestions.valley?.learningRate)
        let steepest = try #require(result.suggestions.steepest?.learningRate)
        let ratio = max(suggested, 0.1) / min(suggested, 0.1)
        let rates = String(format: "%.2g (where the smoothed loss made 60%% of its fall); fastai's rules give %.2g (valley) and %.2g (steepest descent)",
                           suggested, valley, steepest)
        #expect(try recommendation().sentences[0] == "The lr range test 'bs64' (batch 64) suggests lr " + rates
            + "; the grid's best lr at that batch size, 0.1 of 2 tried, is " + String(format: "%.1f× away from the suggestion.", ratio))
        // At a batch size the grid did not try, no comparison.
        let alone = Recommendation(runs: [], rangeTests: [.init(name: "bs256", result: rangeTestResult(batchSize: 256))], noiseScales: [])
        #expect(alone.sentences == ["The lr range test 'bs256' (batch 256) suggests lr " + rates + "."])
    }

    /// An analysis stored before BatchLab's suggestion existed reads fastai's valley as the suggestion.
    @Test func rangeTestSentenceOfAnOlderAnalysisUsesTheValley() throws {
        var result = rangeTestResult(batchSize: 256)
        result.suggestions.descent = nil
        let valley = try #require(result.suggestions.valley?.learningRate)
        let steepest = try #require(result.suggestions.steepest?.learningRate)
        let alone = Recommendation(runs: [], rangeTests: [.init(name: "bs256", result: result)], noiseScales: [])
        #expect(alone.sentences == ["The lr range test 'bs256' (batch 256) suggests lr "
            + String(format: "%.2g (fastai's valley); fastai's rules give %.2g (steepest descent).", valley, steepest)])
    }

    /// Steps on S = 100 (1 + 300/B): 1975 at 16, 158.59 → "159" at 512; the fit gives back
    /// 100 and 300 (75 = 300/4, 1200 = 4 · 300); B_simple 300 after epoch 2 predicts every point
    /// (0% error; fitted/measured 1.0). Training time S(B) · (0.01 + B/10⁴): 16: 22.9 s,
    /// 32: 13.7, 64: 9.33, 128: 334.375 · 0.0228 = 7.62, 256: 7.73, 512: 9.71 — fastest 128.
    @Test func stepsToTargetSentencesCarryTheNumbers() throws {
        let sentences = Array(try recommendation().sentences.suffix(5))
        #expect(sentences == [
            "Steps to val_accuracy 0.5 went from 1975 at batch 16 to 159 at batch 512 (the best lr tried at each batch size).",
            "Batch sizes 1024 never reached 0.5.",
            "Fitting S = S_min (1 + B_noise / B) to them gives S_min ≈ 100 steps and B_noise ≈ 300: below about 75 doubling the "
                + "batch halves the steps; above about 1200 it barely helps.",
            "The measured noise scale B_simple ≈ 300 (measured after epoch 2, nearest the target) predicts these steps within 0% "
                + "(median; at most 0%); the fitted B_noise is 1.0× B_simple.",
            "Fastest to 0.5 in training time: batch 128 at lr 0.01, 7.6 s (334 steps).",
        ])
    }

    /// Steps 600 at batch 16, 1037.5 at 32, 300 at 512 with B_simple 300: cᵢ = 1 + 300/Bᵢ =
    /// 19.75, 10.375, 1.5859; S_min = Σ(cᵢ/Sᵢ) / Σ(cᵢ/Sᵢ)² = 39.79 (Python), predicting 785.8,
    /// 412.8 and 63.1 steps: errors 31%, 60%, 79% — median 60%, at most 79%.
    @Test func aPoorPredictionIsQuantified() throws {
        let runs = [targetRun(id: 1, batchSize: 16, learningRate: 0.01, steps: 600, logsSeconds: false),
                    targetRun(id: 2, batchSize: 32, learningRate: 0.01, steps: 1037.5, logsSeconds: false),
                    targetRun(id: 3, batchSize: 512, learningRate: 0.01, steps: 300, logsSeconds: false)]
        var recommendation = Recommendation(runs: runs, rangeTests: [], noiseScales: [])
        recommendation.stepsToTarget = StepsToTarget(runs: runs, noiseScale: 300)
        let sentence = try #require(recommendation.sentences.first { $0.hasPrefix("The measured noise scale") })
        #expect(sentence.hasPrefix("The measured noise scale B_simple ≈ 300 predicts these steps within 60% (median; at most 79%)"))
        // No seconds logged: no "fastest" sentence.
        #expect(!recommendation.sentences.contains { $0.hasPrefix("Fastest") })
    }
}
