import BatchLabTuning

/// The lr range test's picture, as fastai's `plot_lr_find`: smoothed loss against the learning
/// rate on a log axis, with BatchLab's suggestion and fastai's valley and steepest descent marked.
public enum RangeTestChart {
    /// One chart of one or more range tests (e.g. one per batch size), each a named curve.
    public static func chart(_ tests: [(name: String, result: LRRangeTestResult)], title: String = "LR range test") -> LineChart {
        var chart = LineChart(title: title, xLabel: "learning rate", yLabel: "smoothed loss", xScale: .logarithmic)
        for (index, test) in tests.enumerated() {
            let points = zip(test.result.learningRates, test.result.smoothedLosses).map { LineChart.Point(x: $0, y: $1) }
            chart.series.append(LineChart.Series(name: test.name, points: points, colorIndex: index))
            let prefix = tests.count > 1 ? "\(test.name): " : ""
            if let descent = test.result.suggestions.descent {
                chart.markers.append(LineChart.Marker.vertical(at: descent.learningRate,
                                                               label: "\(prefix)suggested \(ReportFormat.rate(descent.learningRate))"))
            }
            if let valley = test.result.suggestions.valley {
                chart.markers.append(LineChart.Marker.vertical(at: valley.learningRate, label: "\(prefix)valley \(ReportFormat.rate(valley.learningRate))"))
            }
            if let steepest = test.result.suggestions.steepest {
                chart.markers.append(LineChart.Marker.vertical(at: steepest.learningRate,
                                               label: "\(prefix)steepest \(ReportFormat.rate(steepest.learningRate))"))
            }
        }
        return chart
    }
}
