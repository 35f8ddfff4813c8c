import ArgumentParser
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
    @Option(help: "Learning rate of the run.") var lr = 0.001
    @Option(help: "Batch size of the run (the advice compares against it).") var batchSize = 32
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
        guard lr > 0, lr.isFinite else { throw ValidationError("--lr must be a positive number (got \(lr))") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be ≥ 1 (got \(batchSize))") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1 (got \(epochs))") }
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

    func run() throws {
        let store = try self.store.openOrCreate()
        let (directory, train, validation) = try data.load()
        guard batchSize <= train.count, bigBatch <= train.count else {
            throw CommandError("--batch-size \(batchSize) and --big-batch \(bigBatch) must not exceed the \(train.count.formatted()) training images")
        }
        let network = try model.makeNetwork(inputShape: CIFAR10.imageShape)
        let threads = network.engine.threads
        let trainer = Trainer(network: network, optimizer: model.makeOptimizer(learningRate: Float(lr), threads: threads), seed: model.seed)
        let runName = name ?? "noise scale \(model.model) batch=\(batchSize)"
        let runID = try store.createRun(NewRun(name: runName, study: study, config: RunConfig(
            model: model.model, optimizer: model.optimizer.rawValue, optimizerParameters: model.optimizerParameters,
            requestedLearningRate: lr, learningRate: lr, batchSize: batchSize, epochs: epochs, seed: model.seed, threads: threads,
            dataDirectory: directory.standardizedFileURL.path, subset: data.subset, validationSplit: data.validationSplit,
            preprocessing: data.preprocessing.rawValue,
            callbacks: ["NoiseScaleMonitor(small: \(smallBatch), big: \(bigBatch), measurements: \(measurements), every: \(everyEpochs) epochs)"]),
            version: BatchLab.version))
        print("Run \(runID): \(model.model) on \(train.count.formatted()) images, batch \(batchSize), lr \(lr), \(threads) threads; "
              + "noise scale from \(measurements) pairs of batches \(smallBatch) and \(bigBatch)")
        // Throughput first: a batch size the machine cannot hold fails before anything is recorded.
        let throughput = try measureThroughput(threads: threads)
        // The training plan first: the first plan built fixes the parameters' layouts, as in `train`.
        _ = try network.plan(batchSize: batchSize, training: true)
        let probe = GradientNormProbe(network: network, dataset: train, smallBatchSize: smallBatch, bigBatchSize: bigBatch, seed: model.seed)
        var callbacks: [any Callback] = [
            ProgressBar(),
            TerminateOnDivergence(classes: network.outputShape[0]),
            NoiseScaleMonitor(probe: probe, measurements: measurements, everyEpochs: everyEpochs) { print(Self.describe($0)) },
            RunRecorder(store: store, runID: runID) { error in
                FileHandle.standardError.write(Data("Warning: could not record to \(store.path): \(error)\n".utf8))
            },
        ]
        let outcome: Trainer.Outcome
        do {
            outcome = try trainer.fit(train, validation: validation, epochs: epochs, batchSize: batchSize, callbacks: &callbacks,
                                      stop: StopSignal()).outcome
        } catch {
            try? store.setStatus(runID: runID, .failed, message: "\(error)")
            throw error
        }
        let estimates = callbacks.lazy.compactMap { $0 as? NoiseScaleMonitor }.first!.estimates
        switch outcome {
        case .interrupted:
            try store.setStatus(runID: runID, .interrupted, message: "stopped by Ctrl-C")
            throw ExitCode(130)
        case .diverged(let reason):
            try store.setStatus(runID: runID, .diverged, message: reason)
            print("Diverged: \(reason); the estimates before it are kept.")
        default:
            try store.setStatus(runID: runID, .finished, message: nil)
        }
        let advice = estimates.last.flatMap { try? BatchSizeAdvice(
            noiseScale: $0.bSimple, currentBatchSize: batchSize, currentLearningRate: lr,
            imagesPerSecond: Dictionary(uniqueKeysWithValues: throughput.map { ($0.batchSize, $0.imagesPerSecond) }),
            learningRateRule: scaleLr ?? (model.optimizer == .adam ? .sqrt : .linear)) }
        let analysis = NoiseScaleAnalysis(batchSize: batchSize, learningRate: lr, estimates: estimates, throughput: throughput, advice: advice)
        let id = try store.saveAnalysis(NewAnalysis(kind: .noiseScale, name: runName, study: study, runID: runID, settings: [
            "model": model.model, "optimizer": model.optimizer.rawValue, "lr": "\(lr)", "batch_size": "\(batchSize)",
            "epochs": "\(epochs)", "small_batch": "\(smallBatch)", "big_batch": "\(bigBatch)", "measurements": "\(measurements)",
            "seed": "\(model.seed)", "threads": "\(threads)",
        ], result: analysis, version: BatchLab.version))
        for sentence in NoiseScaleFindings.sentences(analysis) { print("- " + sentence) }
        print("Saved as analysis \(id) (run \(runID)) in \(store.path)")
    }

    /// Training throughput at each candidate batch size, on random data (as `batchlab bench`).
    private func measureThroughput(threads: Int) throws -> [NoiseScaleAnalysis.Throughput] {
        print("Throughput (\(threads) threads, median of 3):", terminator: "")
        var rows: [NoiseScaleAnalysis.Throughput] = []
        for size in try candidateSizes() {
            var benchmark = Benchmark(model: Models.named(model.model)!, batchSize: size, threads: threads)
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
