import ArgumentParser
import BatchLabConfig
import BatchLabRun
import BatchLabData
import BatchLabExperiments
import BatchLabReport
import BatchLabNN
import BatchLabTracking
import BatchLabTraining
import BatchLabTuning
import Foundation

extension BatchSizeAdvice.LearningRateRule: ExpressibleByArgument {}

struct NoiseScale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "noise-scale",
        abstract: "Estimate the gradient noise scale (the critical batch size) while training, and advise a batch size.",
        discussion: """
            Trains a run as `train` would (recorded in the store) and, before the first step and after every
            --every-epochs epochs, estimates B_simple = tr(Σ)/|G|² (McCandlish et al. 2018) from --measurements
            pairs of gradient norms at --small-batch and --big-batch, with a bootstrap interval. Then measures
            training throughput at each --candidates batch size and says which batch size and learning rate
            should reach a given accuracy soonest on this machine.
            """)

    @OptionGroup(title: "Model") var model: ModelOptions
    @Option(help: "Learning rate of the run.") var lr = defaults.optimizer.lr
    @Option(help: "Batch size of the run (the advice compares against it).") var batchSize = defaults.batchSize
    @Option(help: "Epochs to train.") var epochs = 3
    @Option(help: "Small batch of the two-batch-size estimator.") var smallBatch = 32
    @Option(help: "Big batch of the estimator (a multiple of --small-batch).") var bigBatch = 1024
    @Option(help: "Gradient-norm pairs per estimate.") var measurements = 20
    @Option(help: "Estimate after every N epochs (and before the first step).") var everyEpochs = 1
    @Option(help: "Comma-separated batch sizes to measure throughput at and advise among.") var candidates = "16,32,64,128,256,512,1024"
    @Option(help: "Training images timed per candidate batch size (each of 3 repeats).") var throughputImages = 4096
    @Option(help: "How the advised lr follows the batch size: linear or sqrt (default: sqrt for adam, linear for sgd).")
    var scaleLr: BatchSizeAdvice.LearningRateRule?
    @OptionGroup(title: "Data") var data: DataOptions
    @OptionGroup var store: StoreOption
    @Option(help: "Name of the run and its analysis (default: noise scale, model, batch size).") var name: String?
    @Option(help: "Study they belong to (its report shows them).") var study: String?

    func validate() throws {
        _ = try overrides().validated()
        guard smallBatch >= 1 else { throw ValidationError("--small-batch must be ≥ 1 (got \(smallBatch))") }
        guard bigBatch >= 2 * smallBatch, bigBatch % smallBatch == 0 else {
            throw ValidationError("--big-batch must be a multiple of --small-batch, at least twice it (got \(bigBatch) and \(smallBatch))")
        }
        guard measurements >= 2 else { throw ValidationError("--measurements must be ≥ 2 (got \(measurements))") }
        guard everyEpochs >= 1 else { throw ValidationError("--every-epochs must be ≥ 1 (got \(everyEpochs))") }
        guard throughputImages >= 1 else { throw ValidationError("--throughput-images must be ≥ 1 (got \(throughputImages))") }
        _ = try candidateSizes()
    }

    private func candidateSizes() throws -> [Int] {
        let sizes = try GridOverrides.parseIntList(candidates, flag: "--candidates")
        guard sizes.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--candidates values must be ≥ 1 (got \(candidates))") }
        return Array(Set(sizes + [batchSize])).sorted()
    }

    /// The run's flags over the defaults.
    private func overrides() throws -> FlagOverrides {
        var overrides = FlagOverrides()
        model.apply(to: &overrides)
        overrides.set(lr, "--lr", "optimizer.lr", \.optimizer.lr)
        overrides.set(batchSize, "--batch-size", "batch_size", \.batchSize)
        overrides.set(epochs, "--epochs", "epochs", \.epochs)
        data.apply(to: &overrides)
        return overrides
    }

    func run() throws {
        let overrides = try overrides()
        let configuration = try overrides.validated()
        let store = try self.store.openOrCreate()
        var run = TrainingRun(configuration: configuration, name: name ?? "noise scale \(configuration.model.name) batch=\(batchSize)",
                              study: study, version: BatchLab.version, stop: StopSignal())
        run.extraSummaries = ["NoiseScaleMonitor(small: \(smallBatch), big: \(bigBatch), measurements: \(measurements), every: \(everyEpochs) epochs)"]
        var throughput: [NoiseScaleAnalysis.Throughput] = [], threads = 0
        // Called before the run is recorded: a batch size the data or the machine cannot hold fails first.
        run.extraCallbacks = { network, train in
            guard bigBatch <= train.count else {
                throw CommandError("--big-batch \(bigBatch) must not exceed the \(train.count.formatted()) training images")
            }
            threads = network.engine.threads
            throughput = try measureThroughput(model: try configuration.model.sequential(), threads: threads)
            print("Noise scale from \(measurements) pairs of batches \(smallBatch) and \(bigBatch)")
            // The training plan first: the first plan built fixes the parameters' layouts, as in `train`.
            _ = try network.plan(batchSize: batchSize, training: true)
            let probe = GradientNormProbe(network: network, dataset: train, smallBatchSize: smallBatch, bigBatchSize: bigBatch,
                                          seed: configuration.seed)
            return [NoiseScaleMonitor(probe: probe, measurements: measurements, everyEpochs: everyEpochs) { print(Self.describe($0)) }]
        }
        let result = try overrides.naming { try run.start(store: store) }
        if case .interrupted = result.outcome { throw ExitCode(130) }
        let estimates = result.callbacks.lazy.compactMap { $0 as? NoiseScaleMonitor }.first!.estimates
        let advice = estimates.last.flatMap { try? BatchSizeAdvice(
            noiseScale: $0.bSimple, currentBatchSize: batchSize, currentLearningRate: lr,
            imagesPerSecond: Dictionary(uniqueKeysWithValues: throughput.map { ($0.batchSize, $0.imagesPerSecond) }),
            learningRateRule: scaleLr ?? (configuration.optimizer.name == .adam ? .sqrt : .linear)) }
        let analysis = NoiseScaleAnalysis(batchSize: batchSize, learningRate: lr, estimates: estimates, throughput: throughput, advice: advice)
        var settings = [
            "model": configuration.model.name, "optimizer": configuration.optimizer.name.rawValue, "lr": "\(lr)", "batch_size": "\(batchSize)",
            "epochs": "\(epochs)", "small_batch": "\(smallBatch)", "big_batch": "\(bigBatch)", "measurements": "\(measurements)",
            "seed": "\(configuration.seed)", "threads": "\(threads)",
        ]
        if configuration.optimizer.weightDecay > 0 { settings["weight_decay"] = "\(configuration.optimizer.weightDecay)" }
        let id = try store.saveAnalysis(NewAnalysis(kind: .noiseScale, name: run.name!, study: study, runID: result.runID, settings: settings,
                                                    result: analysis, version: BatchLab.version))
        for sentence in NoiseScaleFindings.sentences(analysis) { print("- " + sentence) }
        print("Saved as analysis \(id) (run \(result.runID)) in \(store.path)")
    }

    /// Training throughput at each candidate batch size, on random data (as `batchlab bench`).
    private func measureThroughput(model: Sequential, threads: Int) throws -> [NoiseScaleAnalysis.Throughput] {
        print("Throughput (\(threads) threads, median of 3):", terminator: "")
        var rows: [NoiseScaleAnalysis.Throughput] = []
        for size in try candidateSizes() {
            var benchmark = Benchmark(model: model, batchSize: size, threads: threads)
            benchmark.steps = max(2, throughputImages / size)
            benchmark.warmup = 2
            let result = try benchmark.run()
            print(" \(size): \(Int(result.median.rounded())) img/s", terminator: ";")
            fflush(stdout)
            rows.append(.init(batchSize: size, imagesPerSecond: result.median))
        }
        print()
        return rows
    }

    /// One line per estimate.
    static func describe(_ estimate: NoiseScaleEstimate) -> String {
        let at = estimate.epoch.map { $0 == 0 ? "before training" : "after epoch \($0)" } ?? "at step \(estimate.step ?? 0)"
        return "Noise scale \(at) (step \(estimate.step ?? 0)): B_simple ≈ \(NoiseScaleFindings.format(estimate.bSimple)) "
            + "(68% interval \(NoiseScaleFindings.format(estimate.interval68.low))–\(NoiseScaleFindings.format(estimate.interval68.high)), "
            + "\(estimate.measurements) pairs)"
    }
}
