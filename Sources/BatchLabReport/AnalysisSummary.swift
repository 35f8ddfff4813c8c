import BatchLabTuning

/// An analysis's result in one line, for listings (`runs analyses`, the dashboard).
public enum AnalysisSummary {
    /// "valley 0.0006 · steepest 0.0042 (batch 32, 200 steps)".
    public static func line(_ result: LRRangeTestResult) -> String {
        let valley = result.suggestions.valley.map { "valley \(ReportFormat.rate($0.learningRate))" } ?? "no valley"
        let steepest = result.suggestions.steepest.map { " · steepest \(ReportFormat.rate($0.learningRate))" } ?? ""
        return "\(valley)\(steepest) (batch \(result.batchSize), \(result.learningRates.count) steps)"
    }

    /// "B_simple 90 (68%: 86–95) · advice: batch 64 at lr 0.0014".
    public static func line(_ analysis: NoiseScaleAnalysis) -> String {
        guard let latest = analysis.latest else { return "no estimate" }
        var text = "B_simple \(NoiseScaleFindings.format(latest.bSimple)) (68%: \(NoiseScaleFindings.format(latest.interval68.low))–"
            + "\(NoiseScaleFindings.format(latest.interval68.high)))"
        if let advice = analysis.advice {
            text += " · advice: batch \(advice.recommendedBatchSize) at lr \(ReportFormat.rate(advice.recommendedLearningRate))"
        }
        return text
    }
}
