import BatchLabTuning

/// An analysis's result in one line, for listings (`runs analyses`, the dashboard).
public enum AnalysisSummary {
    /// "suggested 0.0005 · valley 0.0003 · steepest 0.0042 (batch 32, 1600 steps)".
    public static func line(_ result: LRRangeTestResult) -> String {
        let parts = [("suggested", result.suggestions.descent), ("valley", result.suggestions.valley), ("steepest", result.suggestions.steepest)]
            .compactMap { label, point in point.map { "\(label) \(ReportFormat.rate($0.learningRate))" } }
        return (parts.isEmpty ? "no suggestion" : parts.joined(separator: " · "))
            + " (batch \(result.batchSize), \(result.learningRates.count) steps)"
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

    /// "seed-cnn, batch 512: worth 8 machines on 10 Gbit/s, 16 on 25 Gbit/s, …".
    public static func line(_ prediction: ScalingPrediction) -> String {
        let verdicts = prediction.networks.enumerated().map { index, network in
            let machines = prediction.verdict(network: network.name).worthIt.machines
            return "\(machines)\(index == 0 ? (machines == 1 ? " machine" : " machines") : "") on \(network.name)"
        }
        return "\(prediction.model), batch \(prediction.batchSize): worth " + verdicts.joined(separator: ", ")
    }
}
