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
    @Option(parsing: .unconditional, help: "Learning rate of the run.") var lr = defaults.optimizer.lr
    @Option(parsing: .unconditional, help: "Batch size of the run (the advice compares against it).") var batchSize = defaults.batchSize
    @Option(parsing: .unconditional, help: "Epochs to train.") var epochs = 3
    @Option(parsing: .unconditional, help: "Small batch of the two-batch-size estimator.") var smallBatch = defaultRun.smallBatch
    @Option(parsing: .unconditional, help: "Big batch of the estimator (a multiple of --small-batch).") var bigBatch = defaultRun.bigBatch
    @Option(parsing: .unconditional, help: "Gradient-norm pairs per estimate.") var measurements = defaultRun.measurements
    @Option(parsing: .unconditional, help: "Estimate after every N epochs (and before the first step).") var everyEpochs = defaultRun.everyEpochs
    @Option(parsing: .unconditional, help: "Comma-separated batch sizes to measure throughput at and advise among.") var candidates = "16,32,64,128,256,512,1024"
    @Option(parsing: .unconditional, help: "Training images timed per candidate batch size (each of 3 repeats).") var throughputImages = defaultRun.throughputImages
    @Option(help: "How the advised lr follows the batch size: linear or sqrt (default: sqrt for adam, linear for sgd).")
    var scaleLr: LearningRateScaling?
    @OptionGroup(title: "Data") var data: DataOptions
    @OptionGroup var store: StoreOption
    @Option(help: "Name of the run and its analysis (default: noise scale, model, batch size).") var name: String?
    @Option(help: "Study they belong to (its report shows them).") var study: String?

    func validate() throws {
        _ = try overrides().validated()
        guard (1...Limits.trainingImages).contains(smallBatch) else {
            throw ValidationError("--small-batch must be from 1 to \(Limits.trainingImages.formatted()) (got \(smallBatch))")
        }
        guard bigBatch >= 2 * smallBatch, bigBatch % smallBatch == 0, bigBatch <= Limits.trainingImages else {
            throw ValidationError("--big-batch must be a multiple of --small-batch, at least twice it and at most \(Limits.trainingImages.formatted()) (got \(bigBatch) and \(smallBatch))")
        }
        guard (2...10_000).contains(measurements) else { throw ValidationError("--measurements must be from 2 to 10,000 (got \(measurements))") }
        guard (1...Limits.epochs).contains(everyEpochs) else {
            throw ValidationError("--every-epochs must be from 1 to \(Limits.epochs.formatted()) (got \(everyEpochs))")
        }
        guard (1...1_000_000).contains(throughputImages) else {
            throw ValidationError("--throughput-images must be from 1 to 1,000,000 (got \(throughputImages))")
        }
        _ = try candidateSizes()
    }

    private func candidateSizes() throws -> [Int] {
        let sizes = try GridOverrides.parseIntList(candidates, flag: "--candidates")
        guard sizes.allSatisfy({ (1...Limits.trainingImages).contains($0) }), sizes.count <= 64 else {
            throw ValidationError("--candidates takes at most 64 batch sizes from 1 to \(Limits.trainingImages.formatted()) (got \(candidates))")
        }
        return sizes
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
        var overrides = try overrides()
        overrides.name("big_batch", flag: "--big-batch")
        var measurement = NoiseScaleRun(configuration: try overrides.validated(), candidates: try candidateSizes(), study: study,
                                        version: BatchLab.version)
        (measurement.smallBatch, measurement.bigBatch, measurement.measurements) = (smallBatch, bigBatch, measurements)
        (measurement.everyEpochs, measurement.throughputImages) = (everyEpochs, throughputImages)
        (measurement.name, measurement.learningRateRule) = (name, scaleLr)
        measurement.onEstimate = { print(Self.describe($0)) }
        let store = try self.store.openOrCreate()
        guard let result = try overrides.naming({ try measurement.run(store: store, stop: StopSignal()) }) else { throw ExitCode(130) }
        for sentence in NoiseScaleFindings.sentences(result.analysis) { print("- " + sentence) }
        print("Saved as analysis \(result.analysisID) (run \(result.runID)) in \(store.path)")
    }

    /// One line per estimate.
    static func describe(_ estimate: NoiseScaleEstimate) -> String {
        let at = estimate.epoch.map { $0 == 0 ? "before training" : "after epoch \($0)" } ?? "at step \(estimate.step ?? 0)"
        return "Noise scale \(at) (step \(estimate.step ?? 0)): B_simple ≈ \(NoiseScaleFindings.format(estimate.bSimple)) "
            + "(68% interval \(NoiseScaleFindings.format(estimate.interval68.low))–\(NoiseScaleFindings.format(estimate.interval68.high)), "
            + "\(estimate.measurements) pairs)"
    }
}

/// The measurement's defaults, which the flags take.
private let defaultRun = NoiseScaleRun(configuration: RunConfiguration(), candidates: [], study: nil, version: "")
