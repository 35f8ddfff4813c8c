import BatchLabTuning
import Foundation

/// The charts of the report's "Recommendation" section.
extension Recommendation {
    public var charts: [LineChart] {
        var charts: [LineChart] = []
        if !rangeTests.isEmpty { charts.append(RangeTestChart.chart(rangeTests.map { ($0.name, $0.result) })) }
        if !noiseScales.isEmpty { charts.append(noiseScaleChart) }
        if let steps = stepsToTarget {
            charts.append(stepsChart(steps))
            if steps.best.contains(where: { $0.seconds.isFinite }) { charts.append(timeChart(steps)) }
        }
        return charts + scalings.map { Self.scalingChart($0.prediction) }
    }

    /// Time to the target (or of an epoch) against machines, one line per network, with perfect
    /// scaling (one machine's time / N) dashed and the machine count worth it marked per network.
    public static func scalingChart(_ prediction: ScalingPrediction) -> LineChart {
        let what = prediction.stepsToTarget == nil ? "an epoch" : prediction.target.map { "val_accuracy \(ReportFormat.compact($0))" } ?? "the target"
        var chart = LineChart(title: "\(prediction.model), batch \(prediction.batchSize): time to \(what) against machines",
                              xLabel: "machines", yLabel: "seconds", xScale: .binaryLogarithmic, yScale: .logarithmic)
        for (index, network) in prediction.networks.enumerated() {
            let rows = prediction.rows(network: network.name)
            chart.series.append(LineChart.Series(name: network.name, points: rows.map { .init(x: Double($0.machines), y: $0.seconds) },
                                                 showsPoints: true, colorIndex: index))
        }
        // Where adding machines stops paying, one marker per count (the networks that stop there named on it).
        let worthIt = Dictionary(grouping: prediction.networks.map(\.name)) { prediction.verdict(network: $0).worthIt.machines }
        for (machines, networks) in worthIt.sorted(by: { $0.key < $1.key }) {
            chart.markers.append(.vertical(at: Double(machines), label: "worth it: \(networks.joined(separator: ", "))"))
        }
        if let one = prediction.rows.first(where: { $0.machines == 1 }) {
            chart.series.append(LineChart.Series(name: "perfect scaling", points: prediction.machines.map {
                .init(x: Double($0), y: one.seconds / Double($0))
            }, dashed: true, colorIndex: 7))
        }
        return chart
    }

    /// B_simple at each point of each analysis's run, with its 68% bootstrap interval dashed.
    public var noiseScaleChart: LineChart {
        var chart = LineChart(title: "Gradient noise scale during training", xLabel: "training step", yLabel: "B_simple",
                              yScale: .logarithmic)
        for (index, noise) in noiseScales.enumerated() {
            let estimates = noise.analysis.estimates
            let point = { (value: (NoiseScaleEstimate) -> Double) in
                estimates.map { LineChart.Point(x: Double($0.step ?? 0), y: value($0)) }
            }
            chart.series.append(LineChart.Series(name: noise.name, points: point(\.bSimple), showsPoints: true, colorIndex: index))
            chart.series.append(LineChart.Series(name: "\(noise.name) 68% low", points: point(\.interval68.low), dashed: true,
                                                 colorIndex: index, legend: .some(nil)))
            chart.series.append(LineChart.Series(name: "\(noise.name) 68% high", points: point(\.interval68.high), dashed: true,
                                                 colorIndex: index, legend: .some("68% bootstrap interval")))
        }
        return chart
    }

    /// Steps to the target against batch size (both log₂/log₁₀): the measured runs, the best per
    /// batch size, the fitted model, the noise scale's prediction, and the two regimes' asymptotes.
    func stepsChart(_ steps: StepsToTarget) -> LineChart {
        var chart = LineChart(title: "Steps to val_accuracy \(ReportFormat.compact(steps.target)) against batch size",
                              xLabel: "batch size", yLabel: "steps", xScale: .binaryLogarithmic, yScale: .logarithmic)
        let repeated = steps.measurements.count > Set(steps.measurements.map { "\($0.batchSize) \($0.learningRate)" }).count
        if repeated {
            chart.series.append(LineChart.Series(name: "runs of the best lr", points: steps.measurements.filter(steps.isBest)
                .map { .init(x: Double($0.batchSize), y: $0.steps) }.sorted { $0.x < $1.x }, showsLine: false, colorIndex: 0,
                legend: .some(nil)))
        }
        chart.series.append(LineChart.Series(name: repeated ? "measured: best lr, median of seeds" : "measured (best lr per batch size)",
                                             points: steps.best.map { .init(x: Double($0.batchSize), y: $0.steps) },
                                             showsPoints: true, colorIndex: 0))
        let others = steps.measurements.filter { !steps.isBest($0) }
        if !others.isEmpty {
            chart.series.append(LineChart.Series(name: "other learning rates", points: others.map { .init(x: Double($0.batchSize), y: $0.steps) }
                .sorted { $0.x < $1.x }, showsLine: false, colorIndex: 7))
        }
        let sizes = steps.best.map { Double($0.batchSize) }
        guard let low = sizes.min(), let high = sizes.max(), high > low else { return chart }
        let grid = (0...40).map { low * pow(high / low, Double($0) / 40) }
        if let predicted = steps.predicted {
            chart.series.append(LineChart.Series(name: "predicted from B_simple \(NoiseScaleFindings.format(predicted.noiseScale))",
                                                 points: grid.map { .init(x: $0, y: predicted.steps(batchSize: $0)) }, colorIndex: 1))
            chart.series.append(LineChart.Series(name: "perfect scaling S_min·B_noise/B", points: grid.map {
                .init(x: $0, y: predicted.minimumSteps * predicted.noiseScale / $0) }, dashed: true, colorIndex: 2))
            chart.series.append(LineChart.Series(name: "S_min (diminishing returns)", points: grid.map {
                .init(x: $0, y: predicted.minimumSteps) }, dashed: true, colorIndex: 3))
            chart.markers.append(.vertical(at: predicted.noiseScale, label: "B_simple"))
        }
        if let fitted = steps.fitted {
            chart.series.append(LineChart.Series(name: "fit: S_min \(ReportFormat.whole(fitted.minimumSteps)), B_noise \(NoiseScaleFindings.format(fitted.noiseScale))",
                                                 points: grid.map { .init(x: $0, y: fitted.steps(batchSize: $0)) }, dashed: true, colorIndex: 4))
        }
        return chart
    }

    /// Seconds of training to the target against batch size, for the best run at each size.
    func timeChart(_ steps: StepsToTarget) -> LineChart {
        LineChart(title: "Training time to val_accuracy \(ReportFormat.compact(steps.target)) against batch size",
                  xLabel: "batch size", yLabel: "seconds", xScale: .binaryLogarithmic, yScale: .logarithmic,
                  series: [LineChart.Series(name: "measured (best lr per batch size)", points: steps.best.filter { $0.seconds.isFinite }
                    .map { .init(x: Double($0.batchSize), y: $0.seconds) }, showsPoints: true)])
    }
}
