import BatchLabExperiments
import BatchLabReport
import BatchLabTracking
import BatchLabTraining
import Foundation

/// `/api/chart.svg?runs=1,2&metric=val_accuracy&x=epoch|step|images|time&scale=linear|log&smooth=0.6&group=none|seeds`,
/// or `study=NAME&filter=…` in place of `runs` for every run of a study that the filter keeps
/// (`RunFilter`): one logged value of several runs, overlaid, drawn by the report's chart code.
/// `group=seeds` draws runs that differ only by seed as their mean with a band of ± 1 sd
/// (`RunGroup`), against epochs. Each run's line carries `data-id` (its run id); against steps or
/// images, the training loss and the learning rate come from every logged step.
struct ChartQuery: Equatable {
    enum XAxis: String, CaseIterable { case epoch, step, images, time }

    /// The values every run logs (`Trainer.fit`), which may be asked for before a run has any.
    static let knownMetrics: Set<String> = [
        EpochKey.loss, EpochKey.accuracy, EpochKey.valLoss, EpochKey.valAccuracy, EpochKey.learningRate, EpochKey.seconds,
        EpochKey.imagesPerSecond, EpochKey.peakRSSMB, EpochKey.tensorMemoryMB,
    ]

    var runs: RunSelection
    var metric: String
    var x: XAxis
    var logarithmic: Bool
    var smoothing: Double
    /// Repeats over seeds as one mean curve and band.
    var groupsSeeds: Bool

    init(_ parameters: [String: String]) throws {
        runs = try RunSelection(parameters)
        metric = parameters["metric"] ?? "val_accuracy"
        guard !metric.isEmpty, metric.count <= 64, metric.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw APIError.badRequest("metric must be a logged value's name such as val_accuracy (got '\(metric)')")
        }
        x = XAxis(rawValue: try QueryParsing.choice(parameters["x"], name: "x", allowed: XAxis.allCases.map(\.rawValue),
                                                    fallback: "epoch"))!
        logarithmic = try QueryParsing.choice(parameters["scale"], name: "scale", allowed: ["linear", "log"],
                                              fallback: metric.contains("loss") || metric == EpochKey.learningRate ? "log" : "linear") == "log"
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
    func groupedChart(_ runs: [(record: RunRecord, epochs: [EpochLogs], steps: [StepLoss], color: Int)]) -> LineChart {
        let reportRuns = runs.map { ReportRun($0.record, epochs: $0.epochs) }
        return RunCharts(runs: reportRuns, targetAccuracy: nil).groupChart(
            title: "\(metric) against epoch\(logarithmic ? " (log scale)" : ""): mean over seeds, band ± 1 sd",
            yLabel: metric, key: metric, yScale: logarithmic ? .logarithmic : .linear)
    }

    /// The logged values the chart reads from each epoch.
    var epochKeys: [String] {
        switch x {
        case .epoch: [EpochKey.epoch, metric]
        case .step, .images: [EpochKey.epoch, "step", metric]
        case .time: [EpochKey.epoch, EpochKey.seconds, metric]
        }
    }

    /// Whether the chart reads step losses (and the learning rates stored with them).
    var usesSteps: Bool { (x == .step || x == .images) && (metric == EpochKey.loss || metric == EpochKey.learningRate) }

    /// A chart lists its runs in a legend up to this many; beyond, the page's run table is the legend.
    static let maximumLegend = 12
    /// Points drawn over all lines of a chart: each line gets its share, from 60 up to 1,500.
    static let pointBudget = 120_000

    /// The chart of `runs`, each with its epochs and step losses and its palette slot, in the order given.
    func chart(_ runs: [(record: RunRecord, epochs: [EpochLogs], steps: [StepLoss], color: Int)]) -> LineChart {
        let limit = min(1_500, max(60, Self.pointBudget / max(1, runs.count)))
        let series = runs.map { run in
            let points = points(epochs: run.epochs, steps: run.steps, batchSize: run.record.config.batchSize)
            let smoothed = exponentiallySmoothed(points.map(\.y), weight: smoothing)
            let drawn = zip(points, smoothed).map { LineChart.Point(x: $0.x, y: $1) }
            return LineChart.Series(name: run.record.name, points: Self.thinned(drawn, limit: limit), colorIndex: run.color,
                                    legend: runs.count > Self.maximumLegend ? .some(nil) : .none, id: String(run.record.id))
        }
        let xLabel = switch x {
        case .epoch: "epoch"
        case .step: "step"
        case .images: "images seen"
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

    /// (x, y) of one run: per epoch, except the training loss and the learning rate against steps
    /// or images, which use every logged step (when the run logged them).
    private func points(epochs: [EpochLogs], steps: [StepLoss], batchSize: Int) -> [(x: Double, y: Double)] {
        let scale = x == .images ? Double(batchSize) : 1
        if usesSteps {
            let values = steps.compactMap { step in (metric == EpochKey.loss ? step.loss : step.learningRate).map { (step.step, $0) } }
            if !values.isEmpty { return values.map { (Double($0.0) * scale, $0.1) } }
        }
        var elapsed = 0.0
        return epochs.compactMap { logs in
            elapsed += logs["seconds"] ?? 0
            guard let y = logs[metric] else { return nil }
            let xValue: Double? = switch x {
            case .epoch: logs["epoch"]
            case .step: logs["step"]
            case .images: logs["step"].map { $0 * scale }
            case .time: logs["seconds"] == nil ? nil : elapsed
            }
            return xValue.map { ($0, y) }
        }
    }
}
