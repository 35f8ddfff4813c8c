import BatchLabReport
import BatchLabTracking
import BatchLabTuning

extension AnalysisRecord {
    /// The result in one line, for listings (`runs analyses`, the dashboard).
    public func summary() throws -> String {
        switch kind {
        case .lrFind: AnalysisSummary.line(try decode(LRRangeTestResult.self))
        case .noiseScale: AnalysisSummary.line(try decode(NoiseScaleAnalysis.self))
        case .testAccuracy: try decode(TestAccuracy.self).sentence
        case .scaling: AnalysisSummary.line(try decode(ScalingPrediction.self))
        }
    }

    /// Whether `chart()` draws something: the test accuracy is one number.
    public var hasChart: Bool { kind != .testAccuracy }

    /// The analysis's chart: loss against lr with the suggestions, or B_simple during training;
    /// nil for a test accuracy.
    public func chart() throws -> LineChart? {
        switch kind {
        case .testAccuracy:
            return nil
        case .lrFind:
            return RangeTestChart.chart([(name, try decode(LRRangeTestResult.self))])
        case .noiseScale:
            let noise = Recommendation.NoiseScale(name: name, analysis: try decode(NoiseScaleAnalysis.self))
            return Recommendation(runs: [], rangeTests: [], noiseScales: [noise]).noiseScaleChart
        case .scaling:
            return Recommendation.scalingChart(try decode(ScalingPrediction.self))
        }
    }
}

extension Recommendation {
    /// The recommendation of `runs` and the stored `analyses`; each noise-scale analysis carries
    /// its run's validation accuracy per epoch, so the estimate nearest a target can be chosen.
    public static func load(runs: [ReportRun], analyses: [AnalysisRecord], from store: any RunStore) throws -> Recommendation {
        Recommendation(
            runs: runs,
            rangeTests: try analyses.filter { $0.kind == .lrFind }.map { .init(name: $0.name, result: try $0.decode(LRRangeTestResult.self)) },
            noiseScales: try analyses.filter { $0.kind == .noiseScale }.map { record in
                let accuracies = try record.runID.map { try store.epochs(runID: $0) }?.reduce(into: [Int: Double]()) { map, logs in
                    if let epoch = logs["epoch"], let accuracy = logs["val_accuracy"] { map[Int(epoch)] = accuracy }
                }
                return .init(name: record.name, analysis: try record.decode(NoiseScaleAnalysis.self), valAccuracyByEpoch: accuracies ?? [:])
            },
            scalings: try analyses.filter { $0.kind == .scaling }.map { .init(name: $0.name, prediction: try $0.decode(ScalingPrediction.self)) })
    }
}
