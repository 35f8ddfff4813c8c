import BatchLabConfig
import BatchLabNN
import BatchLabTracking
import BatchLabTraining
import BatchLabTuning
import Foundation

/// The gradient noise scale along a recorded training run (McCandlish et al. 2018,
/// "An Empirical Model of Large-Batch Training"): B_simple = tr(Σ)/|G|² from pairs of gradient
/// norms at a small and a big batch, before the first step and every few epochs, with the
/// training throughput at candidate batch sizes and the batch-size advice drawn from both,
/// saved as an analysis of the run.
public struct NoiseScaleRun {
    public var configuration: RunConfiguration
    /// Batches of the two-batch-size estimator.
    public var smallBatch = 32
    public var bigBatch = 1024
    /// Gradient-norm pairs per estimate, and epochs between estimates.
    public var measurements = 20
    public var everyEpochs = 1
    /// Batch sizes to time and advise among (the run's is added), and training images timed at each.
    public var candidates: [Int]
    public var throughputImages = 4096
    /// How the advised lr follows the batch size; nil: sqrt for Adam, linear for SGD.
    public var learningRateRule: LearningRateScaling?
    public var name: String?
    public var study: String?
    public var version: String
    public var log: (String) -> Void = { print($0) }
    /// Each estimate as it is made.
    public var onEstimate: (NoiseScaleEstimate) -> Void = { _ in }

    public init(configuration: RunConfiguration, candidates: [Int], study: String?, version: String) {
        (self.configuration, self.candidates, self.study, self.version) = (configuration, candidates, study, version)
    }

    /// What was measured, the run it was measured along and how that run ended.
    public struct Result {
        public var analysisID: Int64
        public var runID: Int64
        public var analysis: NoiseScaleAnalysis
        public var outcome: Trainer.Outcome
    }

    /// Trains and records the run with the monitor, then saves the analysis (also of a run that
    /// diverged: the estimates before it stand); nil when a signal interrupted it (during the
    /// throughput measurement, before anything was recorded, or during training).
    public func run(store: SQLiteRunStore, stop: StopSignal) throws -> Result? {
        let batchSize = configuration.batchSize, learningRate = configuration.learningRate
        var run = TrainingRun(configuration: configuration, name: name ?? "noise scale \(configuration.model.name) batch=\(batchSize)",
                              study: study, version: version, stop: stop)
        run.log = log
        run.extraSummaries = ["NoiseScaleMonitor(small: \(smallBatch), big: \(bigBatch), measurements: \(measurements), every: \(everyEpochs) epochs)"]
        var throughput: [NoiseScaleAnalysis.Throughput] = [], threads = 0
        // Called before the run is recorded: a batch size the data or the machine cannot hold fails first.
        run.extraCallbacks = { [self] network, train in
            guard bigBatch <= train.count else {
                throw ConfigurationError(key: "big_batch", "\(bigBatch) must not exceed the \(train.count.formatted()) training images")
            }
            threads = network.engine.threads
            throughput = try measureThroughput(model: network.model, threads: threads, stop: stop)
            log("Noise scale from \(measurements) pairs of batches \(smallBatch) and \(bigBatch)")
            // The training plan first: the first plan built fixes the parameters' layouts, as in `train`.
            _ = try network.plan(batchSize: batchSize, training: true)
            let probe = GradientNormProbe(network: network, dataset: train, smallBatchSize: smallBatch, bigBatchSize: bigBatch,
                                          seed: configuration.seed)
            return [NoiseScaleMonitor(probe: probe, measurements: measurements, everyEpochs: everyEpochs,
                                      shouldStop: { stop.isRequested }, onEstimate: onEstimate)]
        }
        let result: TrainingRun.Result
        do {
            result = try run.start(store: store)
        } catch is Interrupted {
            log("\nInterrupted while timing batch sizes; nothing was recorded.")
            return nil
        }
        if case .interrupted = result.outcome { return nil }
        let estimates = result.callbacks.lazy.compactMap { $0 as? NoiseScaleMonitor }.first!.estimates
        let advice = estimates.last.flatMap { try? BatchSizeAdvice(
            noiseScale: $0.bSimple, currentBatchSize: batchSize, currentLearningRate: learningRate,
            imagesPerSecond: Dictionary(uniqueKeysWithValues: throughput.map { ($0.batchSize, $0.imagesPerSecond) }),
            learningRateRule: learningRateRule ?? (configuration.optimizer.name == .adam ? .sqrt : .linear)) }
        let analysis = NoiseScaleAnalysis(batchSize: batchSize, learningRate: learningRate, estimates: estimates, throughput: throughput,
                                          advice: advice)
        var settings = [
            "model": configuration.model.name, "optimizer": configuration.optimizer.name.rawValue, "lr": "\(learningRate)",
            "batch_size": "\(batchSize)", "epochs": "\(configuration.epochs)", "small_batch": "\(smallBatch)", "big_batch": "\(bigBatch)",
            "measurements": "\(measurements)", "seed": "\(configuration.seed)", "threads": "\(threads)",
        ]
        settings.merge(configuration.optimizer.parameters.mapValues { "\($0)" }) { mine, _ in mine }
        let id = try store.saveAnalysis(NewAnalysis(kind: .noiseScale, name: run.name!, study: study, runID: result.runID,
                                                    settings: settings, result: analysis, version: version))
        return Result(analysisID: id, runID: result.runID, analysis: analysis, outcome: result.outcome)
    }

    /// Training throughput at each candidate batch size, on random data (as `batchlab bench`).
    private func measureThroughput(model: Sequential, threads: Int, stop: StopSignal) throws -> [NoiseScaleAnalysis.Throughput] {
        var rows: [NoiseScaleAnalysis.Throughput] = []
        for size in Array(Set(candidates + [configuration.batchSize])).sorted() {
            var benchmark = Benchmark(model: model, batchSize: size, threads: threads)
            benchmark.steps = max(2, throughputImages / size)
            benchmark.warmup = 2
            rows.append(.init(batchSize: size, imagesPerSecond: try benchmark.run(shouldStop: { stop.isRequested }).median))
        }
        log("Throughput (\(threads) threads, median of 3): " + rows.map { "\($0.batchSize): \(Int($0.imagesPerSecond.rounded())) img/s" }
            .joined(separator: "; "))
        return rows
    }
}
