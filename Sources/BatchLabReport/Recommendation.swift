import BatchLabTuning

/// The evidence behind "which learning rate and which batch size": lr range tests, noise-scale
/// analyses, and runs trained to a target accuracy at several batch sizes, as the report's
/// "Recommendation" section shows them.
public struct Recommendation: Sendable {
    /// A named lr range test.
    public struct RangeTest: Sendable {
        public var name: String
        public var result: LRRangeTestResult

        public init(name: String, result: LRRangeTestResult) {
            self.name = name
            self.result = result
        }
    }

    /// A named noise-scale analysis, with its run's validation accuracy after each epoch.
    public struct NoiseScale: Sendable {
        public var name: String
        public var analysis: NoiseScaleAnalysis
        public var valAccuracyByEpoch: [Int: Double]

        public init(name: String, analysis: NoiseScaleAnalysis, valAccuracyByEpoch: [Int: Double] = [:]) {
            self.name = name
            self.analysis = analysis
            self.valAccuracyByEpoch = valAccuracyByEpoch
        }

        /// The estimate taken when the run's validation accuracy was closest to `target` (the
        /// noise scale grows during training: the one that matters is the one near the target);
        /// the last estimate when accuracies are unknown.
        public func estimate(near target: Double?) -> NoiseScaleEstimate? {
            guard let target else { return analysis.latest }
            let placed = analysis.estimates.compactMap { estimate in
                estimate.epoch.flatMap { valAccuracyByEpoch[$0] }.map { (estimate, abs($0 - target)) }
            }
            return placed.min { $0.1 < $1.1 }?.0 ?? analysis.latest
        }
    }

    /// A named prediction of how many machines a batch size is worth.
    public struct Scaling: Sendable {
        public var name: String
        public var prediction: ScalingPrediction

        public init(name: String, prediction: ScalingPrediction) { (self.name, self.prediction) = (name, prediction) }
    }

    public var rangeTests: [RangeTest]
    public var noiseScales: [NoiseScale]
    public var scalings: [Scaling]
    public var stepsToTarget: StepsToTarget?
    /// The estimate the steps-to-target prediction uses: the one nearest the target accuracy.
    public var noiseScaleAtTarget: NoiseScaleEstimate?
    /// Per batch size, the run with the best validation accuracy among finished runs of one study
    /// and length that differ in learning rate (a grid over lr), when there are at least two.
    public var gridBest: [(batchSize: Int, learningRate: Double, valAccuracy: Double, tried: Int)]

    /// From the runs of a report and the analyses of its studies.
    public init(runs: [ReportRun], rangeTests: [RangeTest], noiseScales: [NoiseScale], scalings: [Scaling] = []) {
        self.rangeTests = rangeTests
        self.noiseScales = noiseScales
        self.scalings = scalings
        stepsToTarget = StepsToTarget(runs: runs, noiseScale: nil)
        if let target = stepsToTarget?.target, let estimate = noiseScales.last?.estimate(near: target) {
            stepsToTarget?.predict(noiseScale: estimate.bSimple)
            noiseScaleAtTarget = estimate
        }
        // Runs trained to a target stop at different epochs: only fixed-length runs compare by accuracy.
        let fixedLength = runs.filter { run in !run.config.contains { $0.key == "target_accuracy" } && run.status == "finished" }
        // A grid over lr: runs of one study, batch size and length that differ in lr.
        struct GridKey: Hashable { let study: String?, batchSize: Int, epochs: Int? }
        let epochs = { (run: ReportRun) in run.config.first { $0.key == "epochs" }.flatMap { Int($0.value) } }
        gridBest = Dictionary(grouping: fixedLength, by: { GridKey(study: $0.study, batchSize: $0.batchSize, epochs: epochs($0)) })
            .compactMap { key, group in
            guard Set(group.map(\.learningRate)).count >= 2 else { return nil }
            let scored = group.compactMap { run in run.finiteValues(EpochKey.valAccuracy).max().map { (run, $0) } }
            guard let (run, accuracy) = scored.max(by: { $0.1 < $1.1 }) else { return nil }
            return (key.batchSize, run.learningRate, accuracy, Set(group.map(\.learningRate)).count)
        }.sorted { $0.batchSize < $1.batchSize }
    }

    /// Whether there is anything to show.
    public var isEmpty: Bool { rangeTests.isEmpty && noiseScales.isEmpty && stepsToTarget == nil && gridBest.isEmpty && scalings.isEmpty }
}
