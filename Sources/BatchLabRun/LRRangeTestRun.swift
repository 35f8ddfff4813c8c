import BatchLabConfig
import BatchLabTracking
import BatchLabTraining
import BatchLabTuning
import Foundation

/// Leslie Smith's learning-rate range test as fastai's `lr_find` runs it, once per batch size,
/// each from the configuration's fresh weights, each saved in the store as an analysis.
public struct LRRangeTestRun {
    public var configuration: RunConfiguration
    public var batchSizes: [Int]
    /// fastai's range (1e-7 to 10) and stop rule (4 × the minimum smoothed loss).
    public var startLR = 1e-7
    public var endLR = 10.0
    /// The test's length in images: each batch size gets `images / batch size` steps (at least
    /// `minimumSteps`), so every test sees the same data, as a grid trained for a fixed number of
    /// epochs does. A fixed step count gives Adam nearly the same curve at every batch size.
    public var images = 51_200
    /// A fixed number of steps for every batch size instead (fastai's `num_it`); nil: from `images`.
    public var steps: Int?
    public var divergenceFactor = 4.0
    /// The fewest steps a test takes, whatever its batch size: below, the curve is too coarse to read.
    public static let minimumSteps = 50
    /// The tests' name (with `batch=N` added when there are several); nil: model, optimizer, batch size.
    public var name: String?
    public var study: String?
    public var version: String
    public var log: (String) -> Void = { print($0) }

    public init(configuration: RunConfiguration, batchSizes: [Int], study: String?, version: String) {
        (self.configuration, self.batchSizes, self.study, self.version) = (configuration, batchSizes, study, version)
    }

    /// The steps of the test at `batchSize`.
    public func steps(batchSize: Int) -> Int {
        steps ?? max(Self.minimumSteps, (images - 1) / batchSize + 1)
    }

    /// One test per batch size; everything that can be refused is refused before the first is
    /// saved. A Ctrl-C ends it with `LRFinder.Interrupted`, the test under way not saved.
    public func run(store: SQLiteRunStore, stop: StopSignal) throws -> [(name: String, result: LRRangeTestResult)] {
        try configuration.validate()
        let (train, _) = try configuration.data.load()
        if let size = batchSizes.first(where: { $0 > train.count }) {
            throw ConfigurationError(key: "batch_size", "\(size) is larger than the \(train.count.formatted()) training images")
        }
        var tests: [(name: String, result: LRRangeTestResult)] = []
        for size in batchSizes {
            let trainer = try configuration.makeTrainer(learningRate: startLR)
            let testName = name.map { batchSizes.count == 1 ? $0 : "\($0) batch=\(size)" }
                ?? "\(configuration.model.name) \(configuration.optimizer.name.rawValue) batch=\(size)"
            let steps = steps(batchSize: size)
            log("LR range test '\(testName)': \(steps) steps (\((steps * size).formatted()) images) from \(startLR) to \(endLR) "
                + "on \(train.count.formatted()) images, \(trainer.network.engine.threads) threads")
            let finder = LRFinder(schedule: LRRangeSchedule(startLR: startLR, endLR: endLR, steps: steps), divergenceFactor: divergenceFactor)
            let result = try finder.run(trainer, on: train, batchSize: size, onStep: { step, lr, loss, smoothed in
                if step % 10 == 0 { log(String(format: "  step %3d  lr %.2e  loss %.4f  smoothed %.4f", step, lr, loss, smoothed)) }
            }, stop: stop)
            log(Self.describe(result))
            let id = try store.saveAnalysis(NewAnalysis(kind: .lrFind, name: testName, study: study, settings: settings(batchSize: size),
                                                        result: result, version: version))
            log("Saved as analysis \(id) in \(store.path)")
            tests.append((testName, result))
        }
        return tests
    }

    /// How the test ended and what it suggests, in two lines.
    public static func describe(_ result: LRRangeTestResult) -> String {
        let steps = result.learningRates.count
        let ending = switch result.stopReason {
        case .diverged?: String(format: "Stopped after step %d (lr %.2g): the smoothed loss passed %g × its minimum.",
                                steps, result.learningRates.last ?? 0, result.divergenceFactor ?? 4)
        case .nonFiniteLoss?: String(format: "Stopped after step %d (lr %.2g): the loss was not finite.", steps, result.learningRates.last ?? 0)
        default: "Ran all \(steps) steps; the smoothed loss stayed under \(result.divergenceFactor ?? 4)× its minimum."
        }
        func format(_ point: LRSuggestions.Point?) -> String {
            point.map { String(format: "%.2e (smoothed loss %.3f)", $0.learningRate, $0.loss) } ?? "—"
        }
        let suggestions = result.suggestions
        return ending + "\nSuggested learning rate: \(format(suggestions.descent)), where the smoothed loss has made "
            + String(format: "%.0f%%", 100 * LRSuggestions.descentFraction) + " of its fall"
            + "\nfastai's suggestions: valley \(format(suggestions.valley)), steepest \(format(suggestions.steepest))"
    }

    /// What the analysis records of its settings.
    private func settings(batchSize: Int) -> [String: String] {
        var settings = ["model": configuration.model.name, "optimizer": configuration.optimizer.name.rawValue, "batch_size": "\(batchSize)",
                        "start_lr": "\(startLR)", "end_lr": "\(endLR)", "steps": "\(steps(batchSize: batchSize))",
                        "divergence_factor": "\(divergenceFactor)", "seed": "\(configuration.seed)",
                        "data": configuration.data.directory.standardizedFileURL.path,
                        "preprocessing": configuration.data.preprocessing.rawValue]
        settings.merge(configuration.optimizer.parameters.mapValues { "\($0)" }) { mine, _ in mine }
        if let subset = configuration.data.subset { settings["subset"] = "\(subset)" }
        if steps == nil { settings["images"] = "\(images)" }
        return settings
    }
}
