import BatchLabTuning
import Foundation

extension Recommendation {
    /// One sentence per conclusion, with its numbers.
    public var sentences: [String] {
        rangeTestSentences + gridSentences + noiseScales.flatMap { NoiseScaleFindings.sentences($0.analysis) } + stepsSentences
            + scalings.flatMap { scaling in scaling.prediction.networks.map { scaling.prediction.sentence(network: $0.name) } }
    }

    private var rangeTestSentences: [String] {
        rangeTests.compactMap { test in
            let suggestions = test.result.suggestions
            guard let suggested = suggestions.descent ?? suggestions.valley else { return nil }
            let rule = suggestions.descent == nil ? "fastai's valley"
                : String(format: "where the smoothed loss made %.0f%% of its fall", 100 * LRSuggestions.descentFraction)
            var sentence = "The lr range test '\(test.name)' (batch \(test.result.batchSize)) suggests lr \(ReportFormat.rate(suggested.learningRate)) (\(rule))"
            let fastai = [("valley", suggestions.descent == nil ? nil : suggestions.valley), ("steepest descent", suggestions.steepest)]
                .compactMap { label, point in point.map { "\(ReportFormat.rate($0.learningRate)) (\(label))" } }
            if !fastai.isEmpty { sentence += "; fastai's rules give " + fastai.joined(separator: " and ") }
            if let grid = gridBest.first(where: { $0.batchSize == test.result.batchSize }) {
                let ratio = max(suggested.learningRate, grid.learningRate) / min(suggested.learningRate, grid.learningRate)
                sentence += "; the grid's best lr at that batch size, \(ReportFormat.rate(grid.learningRate)) of \(grid.tried) tried, is "
                    + String(format: "%.1f× away from the suggestion", ratio)
            }
            return sentence + "."
        }
    }

    private var gridSentences: [String] {
        gridBest.map { grid in
            "At batch \(grid.batchSize), the best of \(grid.tried) learning rates was \(ReportFormat.rate(grid.learningRate)) "
                + "(best val_accuracy \(ReportFormat.metric(grid.valAccuracy)))."
        }
    }

    private var stepsSentences: [String] {
        guard let steps = stepsToTarget, let first = steps.best.first, let last = steps.best.last else { return [] }
        let target = ReportFormat.compact(steps.target)
        var sentences = ["Steps to val_accuracy \(target) went from \(ReportFormat.whole(first.steps)) at batch \(first.batchSize) "
            + "to \(ReportFormat.whole(last.steps)) at batch \(last.batchSize) (the best lr tried at each batch size)."]
        if !steps.missed.isEmpty {
            sentences.append("Batch sizes \(steps.missed.map(String.init).joined(separator: ", ")) never reached \(target).")
        }
        if let fitted = steps.fitted {
            var sentence = "Fitting S = S_min (1 + B_noise / B) to them gives S_min ≈ \(ReportFormat.whole(fitted.minimumSteps)) steps and "
                + "B_noise ≈ \(NoiseScaleFindings.format(fitted.noiseScale))"
            if let low = steps.seedFits.min(by: { $0.noiseScale < $1.noiseScale }), let high = steps.seedFits.max(by: { $0.noiseScale < $1.noiseScale }) {
                let minimum = steps.seedFits.map(\.minimumSteps)
                sentence += " (fitted seed by seed over \(steps.seedFits.count) seeds: S_min \(ReportFormat.whole(minimum.min()!))–"
                    + "\(ReportFormat.whole(minimum.max()!)), B_noise \(NoiseScaleFindings.format(low.noiseScale))–\(NoiseScaleFindings.format(high.noiseScale)))"
            }
            sentences.append(sentence + ": below about \(NoiseScaleFindings.format(fitted.noiseScale / 4)) "
                + "doubling the batch halves the steps; above about \(NoiseScaleFindings.format(4 * fitted.noiseScale)) it barely helps.")
        }
        if let predicted = steps.predicted, let noise = steps.noiseScale {
            let errors = steps.best.map { abs(predicted.steps(batchSize: Double($0.batchSize)) / $0.steps - 1) }
            let median = errors.sorted()[errors.count / 2]
            let when = noiseScaleAtTarget?.epoch.map { " (measured after epoch \($0), nearest the target)" } ?? ""
            var sentence = "The measured noise scale B_simple ≈ \(NoiseScaleFindings.format(noise))\(when) predicts these steps within "
                + String(format: "%.0f%% (median; at most %.0f%%)", 100 * median, 100 * (errors.max() ?? 0))
            if let fitted = steps.fitted {
                sentence += String(format: "; the fitted B_noise is %.1f× B_simple", fitted.noiseScale / noise)
            }
            sentences.append(sentence + ".")
        }
        let timed = steps.best.filter { $0.seconds.isFinite }
        if let fastest = timed.min(by: { $0.seconds < $1.seconds }) {
            sentences.append("Fastest to \(target) in training time: batch \(fastest.batchSize) at lr \(ReportFormat.rate(fastest.learningRate)), "
                + "\(ReportFormat.seconds(fastest.seconds)) s (\(ReportFormat.whole(fastest.steps)) steps).")
        }
        return sentences
    }
}
