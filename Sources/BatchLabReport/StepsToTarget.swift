import BatchLabTuning

/// How many steps runs took to reach a validation accuracy, against their batch size — the
/// measurement behind McCandlish et al.'s S = S_min (1 + B_noise / B) — with the model fitted
/// through it and, given a measured noise scale, the model that noise scale predicts.
public struct StepsToTarget: Sendable {
    /// One run that reached the target.
    public struct Measurement: Sendable, Equatable {
        public var runName: String
        public var batchSize: Int
        public var learningRate: Double
        public var steps: Double
        public var images: Double
        public var seconds: Double
        /// The run's recorded seed, when it has one.
        public var seed: String? = nil
    }

    /// The validation accuracy runs trained to.
    public var target: Double
    /// Every run that reached the target.
    public var measurements: [Measurement]
    /// Per batch size, the learning rate with the fewest steps (the best tried), ascending; runs
    /// repeated with other seeds at one batch size and lr count as their median (steps, images
    /// and seconds), named "… (median of N runs)".
    public var best: [Measurement]
    /// Batch sizes tried whose runs never reached the target (diverged, or out of epochs).
    public var missed: [Int]
    /// S_min and B_noise fitted to `best`; nil with fewer than two batch sizes or a fit that fails.
    public var fitted: StepsToTargetModel?
    /// With repeats over seeds: the model fitted to each seed's runs of the best settings alone
    /// (seeds that reached the target at two batch sizes or more), whose spread is the fit's.
    public var seedFits: [StepsToTargetModel] = []
    /// The noise scale a `noise-scale` analysis measured, and S_min fitted with it held fixed.
    public var noiseScale: Double?
    public var predicted: StepsToTargetModel?

    /// From runs with `target_accuracy` in their config (the most common target when they differ, the lowest on a tie);
    /// nil when no run trained to a target.
    public init?(runs: [ReportRun], noiseScale: Double?) {
        let targets = runs.compactMap { run in run.config.first { $0.key == "target_accuracy" }.flatMap { Double($0.value) } }
        // The most common target; the lowest of equally common ones, so every report reads the same.
        guard let target = Dictionary(grouping: targets, by: { $0 })
            .max(by: { ($0.value.count, -$0.key) < ($1.value.count, -$1.key) })?.key else { return nil }
        let aimed = runs.filter { $0.config.contains { $0.key == "target_accuracy" && Double($0.value) == target } }
        self.target = target
        measurements = aimed.compactMap { run in
            guard let logs = run.epochs.first(where: { $0[EpochKey.targetStep] != nil }),
                  let steps = logs[EpochKey.targetStep] else { return nil }
            return Measurement(runName: run.name, batchSize: run.batchSize, learningRate: run.learningRate, steps: steps,
                               images: logs[EpochKey.targetImages] ?? steps * Double(run.batchSize),
                               seconds: logs[EpochKey.targetSeconds] ?? .nan, seed: run.config.first { $0.key == "seed" }?.value)
        }
        let repeats = Dictionary(grouping: measurements) { Setting(batchSize: $0.batchSize, learningRate: $0.learningRate) }
            .values.map(Self.median)
        best = Dictionary(grouping: repeats, by: \.batchSize).values
            .map { $0.min { ($0.steps, $0.learningRate) < ($1.steps, $1.learningRate) }! }
            .sorted { $0.batchSize < $1.batchSize }
        missed = Set(aimed.map(\.batchSize)).subtracting(measurements.map(\.batchSize)).sorted()
        fitted = StepsToTargetModel.fit(points)
        let bySeed = Dictionary(grouping: measurements.filter { isBest($0) && $0.seed != nil }, by: { $0.seed! })
        seedFits = bySeed.keys.sorted().compactMap { seed in
            let points = bySeed[seed]!.map { StepsToTargetModel.Point(batchSize: $0.batchSize, steps: $0.steps) }
            return Set(points.map(\.batchSize)).count >= 2 ? StepsToTargetModel.fit(points) : nil
        }
        if seedFits.count < 2 { seedFits = [] }
        predict(noiseScale: noiseScale)
    }

    /// The best runs as points of the model.
    private var points: [StepsToTargetModel.Point] {
        best.map { StepsToTargetModel.Point(batchSize: $0.batchSize, steps: $0.steps) }
    }

    /// Sets the measured noise scale and the model it predicts (S_min fitted with it held fixed).
    public mutating func predict(noiseScale: Double?) {
        self.noiseScale = noiseScale
        predicted = noiseScale.flatMap { $0.isFinite && $0 > 0 ? StepsToTargetModel.fitMinimumSteps(points, noiseScale: $0) : nil }
    }

    /// Whether `measurement` is a run of the best setting at its batch size.
    public func isBest(_ measurement: Measurement) -> Bool {
        best.contains { $0.batchSize == measurement.batchSize && $0.learningRate == measurement.learningRate }
    }

    private struct Setting: Hashable {
        let batchSize: Int
        let learningRate: Double
    }

    /// Runs of one setting as one: the medians of their steps, images and seconds.
    private static func median(_ runs: [Measurement]) -> Measurement {
        guard runs.count > 1 else { return runs[0] }
        return Measurement(runName: "\(runs[0].runName) (median of \(runs.count) runs)", batchSize: runs[0].batchSize,
                           learningRate: runs[0].learningRate, steps: runs.map(\.steps).median!,
                           images: runs.map(\.images).median!, seconds: runs.map(\.seconds).median!)
    }
}
