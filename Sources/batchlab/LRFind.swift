import ArgumentParser
import BatchLabConfig
import BatchLabCore
import BatchLabRun
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
            Trains on --images images (images / batch size steps) from fresh weights while the lr grows exponentially from
            --start-lr to --end-lr, stops once the smoothed loss passes --divergence-factor × its minimum, and suggests the
            rate where the smoothed loss has made 60% of its fall, then fastai's "valley" and "steepest". Several batch sizes
            (--batch-size 32,128) give one test each.
            """)

    @OptionGroup(title: "Model") var model: ModelOptions
    @Option(parsing: .unconditional, help: "Batch size, or a comma-separated list: one test per batch size.") var batchSize = "32"
    @Option(parsing: .unconditional, help: "First learning rate (default \(defaultTest.startLR)).") var startLr: Double?
    @Option(parsing: .unconditional, help: "Last learning rate (default \(defaultTest.endLR)).") var endLr: Double?
    @Option(parsing: .unconditional, help: "Images the test trains on: images / batch size steps, at least \(LRRangeTestRun.minimumSteps) (default \(defaultTest.images)).")
    var images: Int?
    @Option(parsing: .unconditional, help: "A fixed number of steps for every batch size instead of --images (fastai's num_it).") var steps: Int?
    @Option(parsing: .unconditional, help: "Stop once the smoothed loss exceeds this many times its minimum (default \(defaultTest.divergenceFactor)).")
    var divergenceFactor: Double?
    @OptionGroup(title: "Data") var data: DataOptions
    @OptionGroup var store: StoreOption
    @Option(help: "Name of the test in the store (default: model, optimizer, batch size).") var name: String?
    @Option(help: "Study the test belongs to (its report shows it).") var study: String?
    @Option(help: "Also write the chart (SVG) here.") var chart: String?

    func validate() throws {
        _ = try test(configuration: try overrides().validated())
    }

    /// The test these flags ask for; its settings checked.
    private func test(configuration: RunConfiguration) throws -> LRRangeTestRun {
        var test = LRRangeTestRun(configuration: configuration, batchSizes: try batchSizes(), study: study, version: BatchLab.version)
        test.name = name
        (test.startLR, test.endLR) = (startLr ?? test.startLR, endLr ?? test.endLR)
        (test.images, test.steps) = (images ?? test.images, steps)
        test.divergenceFactor = divergenceFactor ?? test.divergenceFactor
        guard test.startLR > 0, test.endLR > test.startLR, test.endLR.isFinite else {
            throw ValidationError("--start-lr and --end-lr must satisfy 0 < start < end (got \(test.startLR) and \(test.endLR))")
        }
        if let steps {
            guard images == nil else { throw ValidationError("--steps and --images both set the test's length; give one") }
            guard (10...100_000).contains(steps) else { throw ValidationError("--steps must be from 10 to 100,000 (got \(steps))") }
        }
        guard (1_000...10_000_000).contains(test.images) else {
            throw ValidationError("--images must be from 1,000 to 10,000,000 (got \(test.images))")
        }
        if let size = test.batchSizes.first(where: { test.steps(batchSize: $0) > 100_000 }) {
            throw ValidationError("--images \(test.images) at batch \(size) is \(test.steps(batchSize: size).formatted()) steps; at most 100,000")
        }
        guard test.divergenceFactor > 1, test.divergenceFactor.isFinite else {
            throw ValidationError("--divergence-factor must be a number > 1 (got \(test.divergenceFactor))")
        }
        return test
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
        var overrides = try overrides()
        overrides.name("batch_size", flag: "--batch-size")
        if let chart, !FileManager.default.createFile(atPath: chart, contents: nil) {
            throw CommandError("--chart \(chart) cannot be written")
        }
        let test = try test(configuration: try overrides.validated())
        let tests: [(name: String, result: LRRangeTestResult)]
        do {
            tests = try overrides.naming { try test.run(store: store, stop: StopSignal()) }
        } catch is LRFinder.Interrupted {
            print("\nInterrupted; this test was not saved.")
            throw ExitCode(130)
        }
        if let chart {
            do {
                try UserFile.write(Data(RangeTestChart.chart(tests).svg().utf8), to: chart)
            } catch {
                throw CommandError("--chart \(chart) \(error)")
            }
            print("Chart: \(chart)")
        }
    }
}

/// The range test's defaults, which the flags' help quotes.
private let defaultTest = LRRangeTestRun(configuration: RunConfiguration(), batchSizes: [], study: nil, version: "")
