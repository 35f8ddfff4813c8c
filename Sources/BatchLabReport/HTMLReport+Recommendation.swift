import BatchLabTuning

extension HTMLReport {
    /// The "Recommendation" section: conclusions, then the charts and tables they rest on.
    func recommendationSection(_ recommendation: Recommendation) -> String {
        let items = recommendation.sentences.map { "<li>\($0.xmlEscaped)</li>" }.joined(separator: "\n")
        var body = "<ul class=\"findings\">\n\(items)\n</ul>\n" + figures(recommendation.charts)
        if !recommendation.rangeTests.isEmpty { body += "\n<h3>Learning rate per batch size</h3>\n" + rangeTestTable(recommendation) }
        for noise in recommendation.noiseScales {
            body += "\n<h3>Noise scale: \(noise.name.xmlEscaped)</h3>\n" + noiseScaleTable(noise.analysis)
            if let advice = noise.analysis.advice { body += adviceTable(advice) }
        }
        if let steps = recommendation.stepsToTarget {
            body += "\n<h3>Steps to val_accuracy \(ReportFormat.compact(steps.target))</h3>\n" + stepsTable(steps)
        }
        return body
    }

    private func rangeTestTable(_ recommendation: Recommendation) -> String {
        let rows = recommendation.rangeTests.map { test in
            let result = test.result
            let grid = recommendation.gridBest.first { $0.batchSize == result.batchSize }
            return [test.name.xmlEscaped, String(result.batchSize), ReportFormat.rate(result.suggestions.descent?.learningRate),
                    ReportFormat.rate(result.suggestions.valley?.learningRate),
                    ReportFormat.rate(result.suggestions.steepest?.learningRate),
                    "\(result.learningRates.count) (\(result.stopReason?.rawValue ?? "running"))",
                    grid.map { "\(ReportFormat.rate($0.learningRate)) (\(ReportFormat.metric($0.valAccuracy)))" } ?? ReportFormat.missing]
        }
        return table(id: "lr-find", headers: ["LR range test", "Batch size", "Suggested", "Valley", "Steepest", "Steps (ended)",
                                              "Grid's best lr (val acc)"], rows: rows, textColumns: 1)
    }

    private func noiseScaleTable(_ analysis: NoiseScaleAnalysis) -> String {
        let rows = analysis.estimates.map { estimate in
            [estimate.epoch.map(String.init) ?? ReportFormat.missing, estimate.step.map(String.init) ?? ReportFormat.missing,
             NoiseScaleFindings.format(estimate.bSimple),
             "\(NoiseScaleFindings.format(estimate.interval68.low))–\(NoiseScaleFindings.format(estimate.interval68.high))",
             "\(NoiseScaleFindings.format(estimate.interval90.low))–\(NoiseScaleFindings.format(estimate.interval90.high))",
             "\(estimate.measurements) × (\(estimate.smallBatchSize), \(estimate.bigBatchSize))"]
        }
        return table(id: nil, headers: ["Epoch", "Step", "B_simple", "68% interval", "90% interval", "Pairs (batches)"],
                     rows: rows, textColumns: 0)
    }

    private func adviceTable(_ advice: BatchSizeAdvice) -> String {
        let rows = advice.candidates.map { candidate in
            let mark = candidate.batchSize == advice.recommendedBatchSize ? " ◀ recommended"
                : candidate.batchSize == advice.currentBatchSize ? " (current)" : ""
            return [String(candidate.batchSize) + mark, ReportFormat.whole(candidate.imagesPerSecond),
                    ReportFormat.number(candidate.relativeSteps, "%.2f"), ReportFormat.number(candidate.relativeExamples, "%.2f"),
                    ReportFormat.number(candidate.relativeTime, "%.2f"), ReportFormat.rate(candidate.learningRate),
                    candidate.region.description]
        }
        return table(id: nil, headers: ["Batch size", "Images/s", "Steps ÷ S_min", "Examples ÷ E_min", "Time vs current",
                                         "lr (\(advice.learningRateRule.rawValue) rule)", "Region"], rows: rows, textColumns: 1)
    }

    private func stepsTable(_ steps: StepsToTarget) -> String {
        let rows = steps.measurements.sorted { ($0.batchSize, $0.steps) < ($1.batchSize, $1.steps) }.map { m in
            [m.runName.xmlEscaped + (steps.isBest(m) ? " ★" : ""), String(m.batchSize), ReportFormat.rate(m.learningRate),
             ReportFormat.whole(m.steps), ReportFormat.whole(steps.predicted?.steps(batchSize: Double(m.batchSize))),
             ReportFormat.whole(steps.fitted?.steps(batchSize: Double(m.batchSize))), ReportFormat.whole(m.images),
             ReportFormat.seconds(m.seconds)]
        }
        return table(id: "steps-to-target", headers: ["Run (★ best at its batch size)", "Batch size", "lr", "Steps", "Predicted (B_simple)",
                                                       "Fitted", "Images", "Seconds"], rows: rows, textColumns: 1)
    }
}

extension BatchSizeAdvice.Region: CustomStringConvertible {
    public var description: String {
        switch self {
        case .perfectScaling: "perfect scaling"
        case .transition: "transition"
        case .diminishingReturns: "diminishing returns"
        }
    }
}
