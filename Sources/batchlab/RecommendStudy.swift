import ArgumentParser
import BatchLabRun
import BatchLabTuning
import BatchLabConfig
import BatchLabExperiments
import BatchLabReport
import BatchLabTracking
import BatchLabTraining
import Foundation

/// `batchlab study recommend`: the evidence for a learning rate and a batch size, gathered in one
/// study — an lr range test, an lr grid, the noise scale, and steps to a target accuracy across
/// batch sizes — then the report's Recommendation section, printed.
struct RecommendStudy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommend a learning rate and a batch size for seed-cnn: lr-find, an lr grid, the noise scale, a batch-size sweep.",
        discussion: """
            1. lr-find at --batch-size; 2. a grid of --lrs at --batch-size for --grid-epochs; 3. noise-scale along one
            epoch at the grid's best lr; 4. every --batch-sizes value trained to --target (linear and sqrt lr scaling
            from the grid's best lr), recording the steps it took; 5. the report, whose Recommendation section
            compares the measured steps with the noise scale's prediction S = S_min (1 + B_noise / B).
            """)

    @Option(help: "Model to study.") var model = "seed-cnn"
    @Option(help: "The base batch size (lr-find, the lr grid, the noise-scale run).") var batchSize = 32
    @Option(help: "Comma-separated learning rates of the grid.") var lrs = "0.0001,0.0003,0.001,0.003,0.01"
    @Option(help: "Epochs of each grid run.") var gridEpochs = 2
    @Option(help: "Comma-separated batch sizes trained to the target.") var batchSizes = "16,32,64,128,256,512,1024"
    @Option(help: "Validation accuracy to train to (default: 90% of the grid's best, to 2 decimals).") var target: Double?
    @Option(help: "Epochs a batch-size run may take to reach the target.") var maxEpochs = 8
    @Option(help: "Train on the first N training images only.") var subset: Int?
    @Option(help: "Seed for every run.") var seed: UInt64 = 0
    @Option(name: [.customShort("o"), .long], help: "Report file (default: next to the store, <study>.html).") var report: String?
    @OptionGroup(title: "Execution") var execution: SweepOptions

    func validate() throws {
        _ = try parsedLearningRates()
        _ = try parsedBatchSizes()
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be ≥ 1 (got \(batchSize))") }
        guard gridEpochs >= 1, maxEpochs >= 1 else { throw ValidationError("--grid-epochs and --max-epochs must be ≥ 1") }
        if let target, !(target > 0 && target <= 1) { throw ValidationError("--target must be in (0, 1] (got \(target))") }
        if let subset, subset < 1 { throw ValidationError("--subset must be ≥ 1 (got \(subset))") }
    }

    private func parsedLearningRates() throws -> [Double] {
        let rates = try GridOverrides.parseList(lrs, flag: "--lrs")
        guard rates.count >= 2, rates.allSatisfy({ $0 > 0 }) else { throw ValidationError("--lrs needs two or more positive rates (got \(lrs))") }
        return rates
    }

    private func parsedBatchSizes() throws -> [Int] {
        let sizes = try GridOverrides.parseIntList(batchSizes, flag: "--batch-sizes")
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--batch-sizes needs two or more sizes ≥ 1 (got \(batchSizes))")
        }
        return sizes
    }

    func run() throws {
        let stop = StopSignal()
        let sweeps = execution.sweeps(stop: stop)
        let study = try sweeps.unusedStudyName("recommend")
        let store = try execution.store.openOrCreate()
        print("== 1/5 lr-find at batch \(batchSize)")
        do {
            _ = try LRRangeTestRun(configuration: base, batchSizes: [batchSize], study: study, version: BatchLab.version)
                .run(store: store, stop: stop)
        } catch is LRFinder.Interrupted {
            throw ExitCode(130)
        }

        print("\n== 2/5 lr grid at batch \(batchSize)")
        let grid = try parsedLearningRates().map { lr in
            var run = RunSpec(name: "lr=\(lr)", configuration: base)
            (run.configuration.optimizer.lr, run.configuration.epochs) = (lr, gridEpochs)
            return run
        }
        try finish(try sweeps.run(grid, study: study))
        let gridRuns = try ReportRun.load(store.runs(study: study).filter { $0.status == .finished }, from: store)
        guard let best = gridRuns.compactMap({ run in run.finiteValues("val_accuracy").max().map { (run, $0) } }).max(by: { $0.1 < $1.1 }) else {
            throw CommandError("no run of the lr grid finished; see `batchlab runs list --study \(study)`")
        }
        let target = self.target ?? (0.9 * best.1 * 100).rounded(.down) / 100
        print("Best lr of the grid: \(best.0.learningRate) (val_accuracy \(String(format: "%.4f", best.1))); target accuracy \(target)")

        print("\n== 3/5 noise scale along one epoch at batch \(batchSize), lr \(best.0.learningRate)")
        var noise = base
        (noise.optimizer.lr, noise.epochs) = (best.0.learningRate, 1)
        guard let measured = try NoiseScaleRun(configuration: noise, candidates: try parsedBatchSizes(), study: study, version: BatchLab.version)
            .run(store: store, stop: stop) else { throw ExitCode(130) }
        for sentence in NoiseScaleFindings.sentences(measured.analysis) { print("- " + sentence) }

        print("\n== 4/5 steps to val_accuracy \(target) at batch sizes \(batchSizes)")
        try finish(try sweeps.run(batchSizeRuns(learningRate: best.0.learningRate, target: target), study: study))

        print("\n== 5/5 report")
        let path = report ?? URL(fileURLWithPath: execution.storePath).deletingLastPathComponent().appendingPathComponent("\(study).html").path
        let writer = ReportWriter(store: store)
        try writer.write(study: study, to: path, target: target, extraFindings: [])
        let recommendation = try Recommendation.load(runs: try ReportRun.load(store.runs(study: study), from: store),
                                                     analyses: try store.analyses(study: study, kind: nil), from: store)
        print("Report: \(path)\n\nRecommendation:")
        for sentence in recommendation.sentences { print("- \(sentence)") }
    }

    /// What every run of the study shares: the model, the batch size, the seed and the subset.
    private var base: RunConfiguration {
        var configuration = RunConfiguration()
        configuration.model = .named(model)
        configuration.batchSize = batchSize
        configuration.seed = seed
        configuration.data.subset = subset
        configuration.data.folder = execution.data
        return configuration
    }

    /// Prints how a sweep's runs ended; a Ctrl-C that interrupted them ends the study (exit 130).
    private func finish(_ rows: [SweepRow]) throws {
        print(Summary.outcome(rows))
        if rows.contains(where: { $0.status == "interrupted" }) { throw ExitCode(130) }
    }

    /// Each batch size trained to the target, its lr scaled from `learningRate` at the base batch
    /// size by the linear and the square-root rule (one run when they agree).
    private func batchSizeRuns(learningRate: Double, target: Double) throws -> [RunSpec] {
        try parsedBatchSizes().flatMap { size -> [RunSpec] in
            let rules: [LearningRateScaling] = size == batchSize ? [.none] : [.linear, .sqrt]
            return rules.map { rule in
                var run = RunSpec(name: "batch=\(size)" + (rule == .none ? "" : " \(rule.rawValue)"), configuration: base)
                run.configuration.optimizer.lr = learningRate
                (run.configuration.batchSize, run.configuration.epochs) = (size, maxEpochs)
                (run.configuration.lrScaling.rule, run.configuration.lrScaling.baseBatchSize) = (rule, batchSize)
                run.configuration.callbacks.targetAccuracy = TargetAccuracySettings(target: target)
                run.configuration.callbacks.targetAccuracy?.evalEveryImages = 2000
                run.configuration.callbacks.targetAccuracy?.evalImages = 2000
                return run
            }
        }
    }
}
