import ArgumentParser
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

    @Option(help: "Model to study.") var model = defaults.model.name
    @Option(parsing: .unconditional, help: "The base batch size (lr-find, the lr grid, the noise-scale run).") var batchSize = defaults.batchSize
    @Option(parsing: .unconditional, help: "Comma-separated learning rates of the grid.") var lrs = "0.0001,0.0003,0.001,0.003,0.01"
    @Option(parsing: .unconditional, help: "Epochs of each grid run.") var gridEpochs = 2
    @Option(parsing: .unconditional, help: "Comma-separated batch sizes trained to the target.") var batchSizes = "16,32,64,128,256,512,1024"
    @Option(parsing: .unconditional, help: "Validation accuracy to train to (default: 90% of the grid's best, to 2 decimals).") var target: Double?
    @Option(parsing: .unconditional, help: "Epochs a batch-size run may take to reach the target.") var maxEpochs = 8
    @Option(parsing: .unconditional, help: "Train on the first N training images only.") var subset: Int?
    @Option(parsing: .unconditional, help: "Seed for every run.") var seed = defaults.seed
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
        var base = RunConfiguration()
        (base.model, base.batchSize, base.seed) = (.named(model), batchSize, seed)
        base.data.subset = subset
        var recommendation = RecommendationStudy(base: base, learningRates: try parsedLearningRates(), gridEpochs: gridEpochs,
                                                 batchSizes: try parsedBatchSizes(), maxEpochs: maxEpochs, version: BatchLab.version)
        recommendation.target = target
        let path = report ?? URL(fileURLWithPath: execution.storePath).deletingLastPathComponent().appendingPathComponent("\(study).html").path
        guard case .recommended(_, let result) = try recommendation.run(study: study, sweeps: sweeps, store: try execution.store.openOrCreate(),
                                                                        stop: stop, report: path) else { throw ExitCode(130) }
        print("Report: \(path)\n\nRecommendation:")
        for sentence in result.sentences { print("- \(sentence)") }
    }
}
