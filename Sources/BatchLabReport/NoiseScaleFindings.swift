import BatchLabTuning
import Foundation

/// What a noise-scale analysis says, one sentence per conclusion, with its numbers.
public enum NoiseScaleFindings {
    public static func sentences(_ analysis: NoiseScaleAnalysis) -> [String] {
        guard let first = analysis.estimates.first, let last = analysis.estimates.last else {
            return ["No noise-scale estimate was taken."]
        }
        var sentences: [String] = []
        if analysis.estimates.count > 1 {
            sentences.append("The gradient noise scale B_simple went from \(format(first.bSimple)) \(when(first)) to "
                + "\(format(last.bSimple)) \(when(last)) (68% bootstrap interval \(format(last.interval68.low))–"
                + "\(format(last.interval68.high)), \(last.measurements) pairs of batches \(last.smallBatchSize) and \(last.bigBatchSize)).")
        } else {
            sentences.append("The gradient noise scale B_simple is \(format(last.bSimple)) \(when(last)) (68% bootstrap interval "
                + "\(format(last.interval68.low))–\(format(last.interval68.high))).")
        }
        guard let advice = analysis.advice else {
            sentences.append(last.bSimple.isNaN
                ? "No noise scale could be measured (the gradient and its noise were both zero or not finite)."
                : last.isNoiseDominated
                ? "The noise swamps the gradient at these batch sizes, so no batch size can be advised; use more --measurements or a larger --big-batch."
                : "No batch size can be advised from a noise scale of \(format(last.bSimple)).")
            return sentences
        }
        let noise = advice.noiseScale
        sentences.append("Batch sizes up to about \(format(noise / 4)) should scale almost perfectly (twice the batch, half the steps); "
            + "beyond about \(format(4 * noise)) extra examples per step buy few fewer steps.")
        let current = advice.candidates.first { $0.batchSize == advice.currentBatchSize }
        let best = advice.candidates.first { $0.batchSize == advice.recommendedBatchSize }
        if advice.recommendedBatchSize == advice.currentBatchSize {
            sentences.append("Batch \(advice.currentBatchSize) is already the fastest choice on this machine.")
        } else if let current, let best {
            let change = advice.predictedSaving >= 0
                ? String(format: "%.0f%% less wall-clock time", 100 * advice.predictedSaving)
                : String(format: "%.0f%% more wall-clock time", -100 * advice.predictedSaving)
            sentences.append("Recommended: batch \(advice.recommendedBatchSize) at lr \(ReportFormat.rate(advice.recommendedLearningRate)) "
                + "(\(advice.learningRateRule.rawValue) rule from lr \(ReportFormat.rate(advice.currentLearningRate)) at batch \(advice.currentBatchSize)); "
                + String(format: "it should reach the same accuracy in %.2f× the time of batch %d, ", advice.predictedTimeRatio,
                         advice.currentBatchSize) + change + " "
                + String(format: "(%.2f× the steps; %.0f vs %.0f images/s measured here).",
                         best.relativeSteps / current.relativeSteps, best.imagesPerSecond, current.imagesPerSecond))
        }
        return sentences
    }

    /// A noise scale or batch size: whole numbers from 10 up, two significant digits below, ∞.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "∞" : "−∞" }
        return abs(value) >= 10 ? String(format: "%.0f", value) : String(format: "%.2g", value)
    }

    private static func when(_ estimate: NoiseScaleEstimate) -> String {
        guard let epoch = estimate.epoch else { return "at step \(estimate.step ?? 0)" }
        return epoch == 0 ? "before training" : "after epoch \(epoch) (step \(estimate.step ?? 0))"
    }
}
