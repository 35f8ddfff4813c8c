import ArgumentParser
import BatchLabConfig
import BatchLabRun
import BatchLabData
import BatchLabExperiments
import BatchLabReport
import BatchLabTracking
import BatchLabTraining
import BatchLabTuning
import Foundation

struct LRFind: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lr-find",
        abstract: "Find a learning rate with Leslie Smith's range test, as fastai's lr_find; store and chart it.",
        discussion: """
            Trains up to --steps steps from fresh weights while the lr grows exponentially from --start-lr to
            --end-lr, stops once the smoothed loss passes --divergence-factor × its minimum, and suggests fastai's "valley" and
            "steepest" learning rates. Several batch sizes (--batch-size 32,128) give one suggestion each.
            """)

    @OptionGroup(title: "Model") var model: ModelOptions
    @Option(help: "Batch size, or a comma-separated list: one test per batch size.") var batchSize = "32"
    @Option(help: "First learning rate.") var startLr = 1e-7
    @Option(help: "Last learning rate.") var endLr = 10.0
    @Option(help: "Steps of the test (at most; fastai uses 100, see the README).") var steps = 200
    @Option(help: "Stop once the smoothed loss exceeds this many times its minimum.") var divergenceFactor = 4.0
    @OptionGroup(title: "Data") var data: DataOptions
    @OptionGroup var store: StoreOption
    @Option(help: "Name of the test in the store (default: model, optimizer, batch size).") var name: String?
    @Option(help: "Study the test belongs to (its report shows it).") var study: String?
    @Option(help: "Also write the chart (SVG) here.") var chart: String?

    func validate() throws {
        guard startLr > 0, endLr > startLr, endLr.isFinite else {
            throw ValidationError("--start-lr and --end-lr must satisfy 0 < start < end (got \(startLr) and \(endLr))")
        }
        guard steps >= 10 else { throw ValidationError("--steps must be ≥ 10 (got \(steps))") }
        guard divergenceFactor > 1, divergenceFactor.isFinite else {
            throw ValidationError("--divergence-factor must be a number > 1 (got \(divergenceFactor))")
        }
        _ = try batchSizes()
        _ = try overrides().validated()
    }

    /// The model, optimizer and data flags over the defaults.
    private func overrides() throws -> FlagOverrides {
        var overrides = FlagOverrides()
        model.apply(to: &overrides)
        data.apply(to: &overrides)
        return overrides
    }

    private func batchSizes() throws -> [Int] {
        let sizes = try GridOverrides.parseIntList(batchSize, flag: "--batch-size")
        guard sizes.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--batch-size values must be ≥ 1 (got \(batchSize))") }
        return sizes
    }

    func run() throws {
        let store = try self.store.openOrCreate()
        let overrides = try overrides()
        let configuration = try overrides.validated()
        let (train, _) = try overrides.naming { try configuration.data.load() }
        let sizes = try batchSizes()
        // Everything that can be refused is refused before the first test is saved.
        if let size = sizes.first(where: { $0 > train.count }) {
            throw CommandError("--batch-size \(size) is larger than the \(train.count.formatted()) training images")
        }
        if let chart, !FileManager.default.createFile(atPath: chart, contents: nil) {
            throw CommandError("--chart \(chart) cannot be written")
        }
        let stop = StopSignal()
        var tests: [(name: String, result: LRRangeTestResult)] = []
        for size in sizes {
            let trainer = try configuration.makeTrainer(learningRate: startLr)
            let network = trainer.network
            let testName = name.map { sizes.count == 1 ? $0 : "\($0) batch=\(size)" }
                ?? "\(configuration.model.name) \(configuration.optimizer.name.rawValue) batch=\(size)"
            print("LR range test '\(testName)': \(steps) steps from \(startLr) to \(endLr) on \(train.count.formatted()) images, "
                  + "\(network.engine.threads) threads")
            let finder = LRFinder(schedule: LRRangeSchedule(startLR: startLr, endLR: endLr, steps: steps), divergenceFactor: divergenceFactor)
            let result: LRRangeTestResult
            do {
                result = try finder.run(trainer, on: train, batchSize: size, onStep: { step, lr, loss, smoothed in
                    if step % 10 == 0 { print(String(format: "  step %3d  lr %.2e  loss %.4f  smoothed %.4f", step, lr, loss, smoothed)) }
                }, stop: stop)
            } catch is LRFinder.Interrupted {
                print("\nInterrupted; this test was not saved.")
                throw ExitCode(130)
            }
            print(Self.describe(result))
            let id = try store.saveAnalysis(NewAnalysis(
                kind: .lrFind, name: testName, study: study, settings: settings(configuration, batchSize: size),
                result: result, version: BatchLab.version))
            print("Saved as analysis \(id) in \(store.path)")
            tests.append((testName, result))
        }
        if let chart {
            do {
                try RangeTestChart.chart(tests).svg().write(toFile: chart, atomically: true, encoding: .utf8)
            } catch {
                throw CommandError("--chart \(chart) cannot be written: \(error.localizedDescription)")
            }
            print("Chart: \(chart)")
        }
    }

    /// How the test ended and what it suggests, in two lines.
    static func describe(_ result: LRRangeTestResult) -> String {
        let steps = result.learningRates.count
        let ending = switch result.stopReason {
        case .diverged?: String(format: "Stopped after step %d (lr %.2g): the smoothed loss passed %g × its minimum.",
                                steps, result.learningRates.last ?? 0, result.divergenceFactor ?? 4)
        case .nonFiniteLoss?: String(format: "Stopped after step %d (lr %.2g): the loss was not finite.", steps, result.learningRates.last ?? 0)
        default: "Ran all \(steps) steps; the smoothed loss stayed under \(result.divergenceFactor ?? 4)× its minimum."
        }
        let suggestions = [("valley", result.suggestions.valley), ("steepest", result.suggestions.steepest)]
            .map { label, point in "\(label) " + (point.map { String(format: "%.2e (smoothed loss %.3f)", $0.learningRate, $0.loss) } ?? "—") }
        return ending + "\nSuggested learning rates (fastai): " + suggestions.joined(separator: ", ")
    }

    private func settings(_ configuration: RunConfiguration, batchSize: Int) -> [String: String] {
        var settings = ["model": configuration.model.name, "optimizer": configuration.optimizer.name.rawValue, "batch_size": "\(batchSize)",
                        "start_lr": "\(startLr)", "end_lr": "\(endLr)", "steps": "\(steps)",
                        "divergence_factor": "\(divergenceFactor)", "seed": "\(configuration.seed)",
                        "data": configuration.data.directory.standardizedFileURL.path,
                        "preprocessing": configuration.data.preprocessing.rawValue]
        if configuration.optimizer.weightDecay > 0 { settings["weight_decay"] = "\(configuration.optimizer.weightDecay)" }
        if let subset = configuration.data.subset { settings["subset"] = "\(subset)" }
        return settings
    }
}
