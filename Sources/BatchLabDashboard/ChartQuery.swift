import BatchLabExperiments
import BatchLabReport
import BatchLabTracking
import BatchLabTraining
import Foundation

/// `/api/chart.svg?runs=1,2&metric=val_accuracy&x=epoch|step|time&scale=linear|log&smooth=0.6&group=none|seeds`:
/// one logged value of several runs, overlaid, drawn by the report's chart code; `group=seeds`
/// draws runs that differ only by seed as their mean with a band of ± 1 sd (`RunGroup`), against epochs.
struct ChartQuery: Equatable {
    enum XAxis: String, CaseIterable { case epoch, step, time }

    /// The values every run logs (`Trainer.fit`), which may be asked for before a run has any.
    static let knownMetrics: Set<String> = [
        EpochKey.loss, EpochKey.accuracy, EpochKey.valLoss, EpochKey.valAccuracy, EpochKey.learningRate, EpochKey.seconds,
        EpochKey.imagesPerSecond, EpochKey.peakRSSMB, EpochKey.tensorMemoryMB,
    ]

    var runs: [Int64]
    var metric: String
    var x: XAxis
    var logarithmic: Bool
    var smoothing: Double
    /// Repeats over seeds as one mean curve and band.
    var groupsSeeds: Bool

    init(_ parameters: [String: String]) throws {
        runs = try QueryParsing.runIDs(parameters["runs"])
        metric = parameters["metric"] ?? "val_accuracy"
        guard !metric.isEmpty, metric.count <= 64, metric.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw APIError.badRequest("metric must be a logged value's name such as val_accuracy (got '\(metric)')")
        }
        x = XAxis(rawValue: try QueryParsing.choice(parameters["x"], name: "x", allowed: XAxis.allCases.map(\.rawValue),
                                                    fallback: "epoch"))!
        logarithmic = try QueryParsing.choice(parameters["scale"], name: "scale", allowed: ["linear", "log"],
                                              fallback: metric.contains("loss") ? "log" : "linear") == "log"
        let smoothText = parameters["smooth"] ?? "0"
        guard let smoothing = Double(smoothText), smoothing >= 0, smoothing < 1 else {
            throw APIError.badRequest("smooth must be a number in [0, 1) (got '\(smoothText)')")
        }
        self.smoothing = smoothing
        groupsSeeds = try QueryParsing.choice(parameters["group"], name: "group", allowed: ["none", "seeds"], fallback: "none") == "seeds"
        if groupsSeeds, x != .epoch {
            throw APIError.badRequest("group=seeds draws the mean of the seeds at each epoch: use x=epoch (got x=\(x.rawValue))")
        }
    }

    /// With `group=seeds`: each group's mean of the metric per epoch and its ± 1 sd band (no smoothing).
    func groupedChart(_ runs: [(record: RunRecord, epochs: [EpochLogs], steps: [StepLoss])]) -> LineChart {
        let reportRuns = runs.map { ReportRun($0.record, epochs: $0.epochs) }
        return RunCharts(runs: reportRuns, targetAccuracy: nil).groupChart(
            title: "\(metric) against epoch\(logarithmic ? " (log scale)" : ""): mean over seeds, band ± 1 standard deviation",
            yLabel: metric, key: metric, yScale: logarithmic ? .logarithmic : .linear)
    }

    /// The chart of `runs`, each with its epochs and step losses, in the order asked.
    func chart(_ runs: [(record: RunRecord, epochs: [EpochLogs], steps: [StepLoss])]) -> LineChart {
        let series = runs.enumerated().map { index, run in
            let points = points(epochs: run.epochs, steps: run.steps)
            let smoothed = exponentiallySmoothed(points.map(\.y), weight: smoothing)
            let drawn = zip(points, smoothed).map { LineChart.Point(x: $0.x, y: $1) }
            return LineChart.Series(name: run.record.name, points: Self.thinned(drawn), colorIndex: index)
        }
        let xLabel = switch x {
        case .epoch: "epoch"
        case .step: "step"
        case .time: "seconds of training and validation"
        }
        let smoothed = smoothing > 0 ? String(format: ", smoothed %.2f", smoothing) : ""
        return LineChart(title: "\(metric) against \(xLabel)\(logarithmic ? " (log scale)" : "")\(smoothed)",
                         xLabel: xLabel, yLabel: metric, yScale: logarithmic ? .logarithmic : .linear, series: series)
    }

    /// At most `limit` points, evenly spaced, the last one kept: a long run's step losses would
    /// otherwise make a chart of megabytes, redrawn at every poll.
    static func thinned(_ points: [LineChart.Point], limit: Int = 1_500) -> [LineChart.Point] {
        guard points.count > limit else { return points }
        let stride = Double(points.count - 1) / Double(limit - 1)
        return (0..<limit).map { points[Int((Double($0) * stride).rounded())] }
    }

    /// (x, y) of one run: per epoch, except the training loss against steps, which uses every recorded step.
    private func points(epochs: [EpochLogs], steps: [StepLoss]) -> [(x: Double, y: Double)] {
        if x == .step, metric == "loss", !steps.isEmpty {
            return steps.map { (Double($0.step), $0.loss) }
        }
        var elapsed = 0.0
        return epochs.compactMap { logs in
            elapsed += logs["seconds"] ?? 0
            guard let y = logs[metric] else { return nil }
            let xValue: Double? = switch x {
            case .epoch: logs["epoch"]
            case .step: logs["step"]
            case .time: logs["seconds"] == nil ? nil : elapsed
            }
            return xValue.map { ($0, y) }
        }
    }
}
