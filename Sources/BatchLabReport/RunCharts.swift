/// The report's charts for a set of runs, all runs overlaid. Run i draws in palette colour i;
/// training curves are solid and named "<run> train", validation curves dashed, "<run> val".
/// Time charts put each epoch at the cumulative "seconds" at its end.
public struct RunCharts: Sendable {
    public var runs: [ReportRun]
    /// Drawn as a horizontal marker on the accuracy charts.
    public var targetAccuracy: Double?

    public init(runs: [ReportRun], targetAccuracy: Double?) {
        self.runs = runs
        self.targetAccuracy = targetAccuracy
    }

    /// The per-run charts in report order: accuracy, loss, learning rate, images/s per epoch,
    /// then accuracy and loss against wall-clock time.
    public var all: [LineChart] {
        [accuracyByEpoch, lossByEpoch, learningRateByEpoch, throughputByEpoch, accuracyByTime, lossByTime]
    }

    public var accuracyByEpoch: LineChart {
        accuracy(title: "Accuracy per epoch", xLabel: "epoch", x: epochX)
    }

    /// Loss on a log10 axis: the tutorial's log(loss), where steady progress looks straight.
    public var lossByEpoch: LineChart {
        LineChart(title: "Loss per epoch (log scale)", xLabel: "epoch", yLabel: "loss", yScale: .logarithmic,
                  series: trainAndValidation(EpochKey.loss, EpochKey.valLoss, x: epochX))
    }

    public var learningRateByEpoch: LineChart {
        LineChart(title: "Learning rate per epoch", xLabel: "epoch", yLabel: "learning rate", yScale: .logarithmic,
                  series: perRun(EpochKey.learningRate, x: epochX))
    }

    public var throughputByEpoch: LineChart {
        LineChart(title: "Training throughput per epoch", xLabel: "epoch", yLabel: "images / s",
                  series: perRun(EpochKey.imagesPerSecond, x: epochX))
    }

    public var accuracyByTime: LineChart {
        accuracy(title: "Accuracy against wall-clock time", xLabel: "seconds", x: \.elapsedSeconds)
    }

    public var lossByTime: LineChart {
        LineChart(title: "Loss against wall-clock time (log scale)", xLabel: "seconds", yLabel: "loss",
                  yScale: .logarithmic, series: trainAndValidation(EpochKey.loss, EpochKey.valLoss, x: \.elapsedSeconds))
    }

    // MARK: - Batch size panel

    /// Median images/s per batch size (log2 axis), one dot per batch size.
    public var throughputByBatchSize: LineChart {
        batchSizeChart(title: "Throughput against batch size", yLabel: "images / s (median)", \.medianImagesPerSecond)
    }

    /// Median peak memory per batch size (log2 axis), one dot per batch size.
    public var memoryByBatchSize: LineChart {
        batchSizeChart(title: "Peak memory against batch size", yLabel: "peak RSS (MB)", \.medianPeakMemoryMB)
    }

    /// Median tensor memory (weights, gradients, activations) per batch size: what a bigger batch costs.
    public var tensorMemoryByBatchSize: LineChart {
        batchSizeChart(title: "Tensor memory against batch size", yLabel: "tensors (MB)", \.medianTensorMemoryMB)
    }

    // MARK: - Building blocks

    private func epochX(_ run: ReportRun) -> [Double?] { run.epochNumbers }

    private func accuracy(title: String, xLabel: String, x: (ReportRun) -> [Double?]) -> LineChart {
        let markers = targetAccuracy.map { [LineChart.Marker.horizontal(at: $0, label: "target \(ReportFormat.compact($0))")] }
        return LineChart(title: title, xLabel: xLabel, yLabel: "accuracy",
                         series: trainAndValidation(EpochKey.accuracy, EpochKey.valAccuracy, x: x), markers: markers ?? [])
    }

    private func trainAndValidation(_ train: String, _ validation: String, x: (ReportRun) -> [Double?]) -> [LineChart.Series] {
        runs.enumerated().flatMap { index, run in
            let xs = x(run)
            return [LineChart.Series(name: "\(run.name) train", points: run.points(x: xs, y: train), colorIndex: index,
                                     legend: run.name),
                    LineChart.Series(name: "\(run.name) val", points: run.points(x: xs, y: validation), dashed: true,
                                     colorIndex: index, legend: .some(nil))]
        }
    }

    private func perRun(_ key: String, x: (ReportRun) -> [Double?]) -> [LineChart.Series] {
        runs.enumerated().map { index, run in
            LineChart.Series(name: run.name, points: run.points(x: x(run), y: key), colorIndex: index)
        }
    }

    private func batchSizeChart(title: String, yLabel: String, _ value: KeyPath<BatchSizeGroup, Double?>) -> LineChart {
        let points = BatchSizeGroup.groups(runs).compactMap { group in
            group[keyPath: value].map { LineChart.Point(x: Double(group.batchSize), y: $0) }
        }
        return LineChart(title: title, xLabel: "batch size", yLabel: yLabel, xScale: .binaryLogarithmic,
                         series: [LineChart.Series(name: "median over runs", points: points, showsPoints: true)])
    }
}

// MARK: - Repeats

extension RunCharts {
    /// `key` per epoch for each group of repeats: the mean over its seeds, and a band of ± one
    /// standard deviation (sample, n − 1) where two runs or more have the epoch.
    public func groupChart(title: String, yLabel: String, key: String, yScale: LineChart.Scale = .linear) -> LineChart {
        var chart = LineChart(title: title, xLabel: "epoch", yLabel: yLabel, yScale: yScale)
        for (index, group) in RunGroup.groups(runs).enumerated() {
            let spreads = group.spreadByEpoch(key)
            let banded = spreads.filter { $0.spread.count > 1 }
            if !banded.isEmpty {
                chart.series.append(LineChart.Series(
                    name: "\(group.name) ± 1 sd", points: banded.map { .init(x: $0.epoch, y: $0.spread.mean + $0.spread.standardDeviation) },
                    colorIndex: index, legend: .some(nil), lower: banded.map { .init(x: $0.epoch, y: $0.spread.mean - $0.spread.standardDeviation) }))
            }
            chart.series.append(LineChart.Series(name: "\(group.name) (mean of \(group.runs.count))",
                                                 points: spreads.map { .init(x: $0.epoch, y: $0.spread.mean) }, colorIndex: index))
        }
        return chart
    }

    /// The repeats' charts: validation accuracy and loss per epoch, mean and band per group.
    public var groupCharts: [LineChart] {
        [groupChart(title: "Validation accuracy per epoch: mean over seeds, band ± 1 standard deviation", yLabel: "val_accuracy",
                    key: EpochKey.valAccuracy),
         groupChart(title: "Validation loss per epoch (log scale): mean over seeds, band ± 1 standard deviation", yLabel: "val_loss",
                    key: EpochKey.valLoss, yScale: .logarithmic)]
    }
}
