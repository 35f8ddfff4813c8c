import BatchLabConfig
import BatchLabData
import BatchLabReport
import BatchLabRun
import BatchLabTracking
import BatchLabTraining
import BatchLabTuning
import Foundation

/// The evidence for a learning rate and a batch size, gathered in one study: 1. an lr range test
/// at the base batch size; 2. a grid of learning rates there; 3. the gradient noise scale along
/// one epoch at the grid's best lr; 4. every batch size trained to a target accuracy, its lr
/// scaled from the best by the linear and the square-root rule, recording the steps it took;
/// 5. the report, whose Recommendation section compares the measured steps with the noise
/// scale's prediction S = S_min (1 + B_noise / B) (McCandlish et al. 2018).
public struct RecommendationStudy {
    /// What every run shares: model, base batch size, seed, data.
    public var base: RunConfiguration
    public var learningRates: [Double]
    public var gridEpochs: Int
    public var batchSizes: [Int]
    /// The accuracy to train to; nil: 90 % of the grid's best, to 2 decimals.
    public var target: Double?
    public var maxEpochs: Int
    public var version: String
    public var log: (String) -> Void = { print($0) }

    /// Every run of the study validates on held-out training images (`DataSettings.selectionSplit`
    /// unless `base` names a split): the grid's best lr and the steps to the target are selected
    /// there, and the test set measures the chosen setting once.
    public init(base: RunConfiguration, learningRates: [Double], gridEpochs: Int, batchSizes: [Int], maxEpochs: Int, version: String) {
        var base = base
        base.data = base.data.heldOutForSelection()
        (self.base, self.learningRates, self.gridEpochs, self.batchSizes) = (base, learningRates, gridEpochs, batchSizes)
        (self.maxEpochs, self.version) = (maxEpochs, version)
    }

    /// What the study ended with: the target it trained to and the recommendation, or that a
    /// Ctrl-C interrupted it.
    public enum Outcome {
        case recommended(target: Double, Recommendation)
        case interrupted
    }

    /// Runs the five steps under `study` (the sweeps through `sweeps`), writes the report to `report`.
    public func run(study: String, sweeps: SweepExecution, store: SQLiteRunStore, stop: StopSignal, report: String) throws -> Outcome {
        let batchSize = base.batchSize
        // The runs in this process read the sweeps' data folder; the sweeps' own runs are given it.
        var local = base
        local.data.folder = local.data.folder ?? DataDirectory.resolve(flag: sweeps.dataFolder).path
        log("== 1/5 lr-find at batch \(batchSize)")
        var rangeTest = LRRangeTestRun(configuration: local, batchSizes: [batchSize], study: study, version: version)
        rangeTest.log = log
        do {
            _ = try rangeTest.run(store: store, stop: stop)
        } catch is LRFinder.Interrupted {
            return .interrupted
        }

        log("\n== 2/5 lr grid at batch \(batchSize)")
        let grid = learningRates.map { lr in
            var run = RunSpec(name: "lr=\(lr)", configuration: base)
            (run.configuration.optimizer.lr, run.configuration.epochs) = (lr, gridEpochs)
            return run
        }
        guard finished(try sweeps.run(grid, study: study)) else { return .interrupted }
        let gridRuns = try ReportRun.load(store.runs(study: study).filter { $0.status == .finished }, from: store)
        guard let (best, accuracy) = gridRuns.compactMap({ run in run.finiteValues("val_accuracy").max().map { (run, $0) } })
            .max(by: { $0.1 < $1.1 }) else {
            throw SweepRunnerError("no run of the lr grid finished; see `batchlab runs list --study \(study)`")
        }
        let target = self.target ?? (0.9 * accuracy * 100).rounded(.down) / 100
        log("Best lr of the grid: \(best.learningRate) (val_accuracy \(String(format: "%.4f", accuracy))); target accuracy \(target)")

        log("\n== 3/5 noise scale along one epoch at batch \(batchSize), lr \(best.learningRate)")
        var noise = NoiseScaleRun(configuration: local, candidates: batchSizes, study: study, version: version)
        (noise.configuration.optimizer.lr, noise.configuration.epochs, noise.log) = (best.learningRate, 1, log)
        guard let measured = try noise.run(store: store, stop: stop) else { return .interrupted }
        for sentence in NoiseScaleFindings.sentences(measured.analysis) { log("- " + sentence) }

        log("\n== 4/5 steps to val_accuracy \(target) at batch sizes \(batchSizes.map(String.init).joined(separator: ","))")
        guard finished(try sweeps.run(batchSizeRuns(learningRate: best.learningRate, target: target), study: study)) else {
            return .interrupted
        }

        guard let chosen = try store.run(id: best.id) else { throw SweepRunnerError("the grid's best run \(best.id) is gone from the store") }
        log(try TestAccuracy.measure(chosen, chosenBy: accuracy, study: study, store: store, version: version).sentence)

        log("\n== 5/5 report")
        try ReportWriter(store: store).write(study: study, to: report, target: target, extraFindings: [])
        return .recommended(target: target, try Recommendation.load(runs: try ReportRun.load(store.runs(study: study), from: store),
                                                                    analyses: try store.analyses(study: study, kind: nil), from: store))
    }

    /// Logs how a sweep's runs ended; false when a signal stopped them (a run interrupted, or
    /// never started).
    private func finished(_ rows: [SweepRow]) -> Bool {
        log(SweepRow.outcome(rows))
        return !rows.contains { $0.status == RunStatus.interrupted.rawValue || $0.status == "queued" }
    }

    /// Each batch size trained to the target, its lr scaled from `learningRate` at the base batch
    /// size by the linear and the square-root rule (one run when they agree).
    func batchSizeRuns(learningRate: Double, target: Double) -> [RunSpec] {
        batchSizes.flatMap { size -> [RunSpec] in
            let rules: [LearningRateScaling] = size == base.batchSize ? [.none] : [.linear, .sqrt]
            return rules.map { rule in
                var run = RunSpec(name: "batch=\(size)" + (rule == .none ? "" : " \(rule.rawValue)"), configuration: base)
                run.configuration.optimizer.lr = learningRate
                (run.configuration.batchSize, run.configuration.epochs) = (size, maxEpochs)
                (run.configuration.lrScaling.rule, run.configuration.lrScaling.baseBatchSize) = (rule, base.batchSize)
                run.configuration.callbacks.targetAccuracy = TargetAccuracySettings(target: target)
                run.configuration.callbacks.targetAccuracy?.evalEveryImages = 2000
                run.configuration.callbacks.targetAccuracy?.evalImages = 2000
                return run
            }
        }
    }
}
