import BatchLabConfig
import BatchLabData
import BatchLabTracking
import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabRun

/// A run from its configuration to its recorded end, on a small generated CIFAR-10 folder.
@Suite(.serialized) struct TrainingRunTests {
    private static func configuration(folder: URL) -> RunConfiguration {
        var configuration = RunConfiguration()
        configuration.data.folder = folder.path
        configuration.batchSize = 16
        configuration.epochs = 2
        configuration.threads = 1
        configuration.logging.logEverySteps = 1
        return configuration
    }

    private static func run(_ configuration: RunConfiguration, store: SQLiteRunStore) throws -> TrainingRun.Result {
        var run = TrainingRun(configuration: configuration, name: "test", version: "t", stop: StopSignal())
        run.log = { _ in }
        return try run.start(store: store)
    }

    @Test func recordsTheConfigurationItTrainedWithAndHowItEnded() throws {
        let folder = try generatedCIFARFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteRunStore(path: folder.appendingPathComponent("runs.sqlite").path)
        var configuration = Self.configuration(folder: folder)
        configuration.threads = nil
        configuration.lrScaling.rule = .linear
        configuration.lrScaling.baseBatchSize = 8
        let result = try Self.run(configuration, store: store)

        let record = try #require(try store.run(id: result.runID))
        #expect(record.status == .finished && record.name == "test")
        let recorded = try #require(record.configuration)
        // The thread count and folder it used, so that it repeats; everything else as given.
        #expect(recorded.threads == ProcessInfo.processInfo.activeProcessorCount)
        #expect(recorded.data.folder == folder.standardizedFileURL.path)
        var expected = configuration
        (expected.threads, expected.data.folder) = (recorded.threads, recorded.data.folder)
        #expect(recorded == expected)
        // 0.001 at batch 8, linear to batch 16: 0.002, from configuration to optimizer to logs and summary.
        #expect(record.config.learningRate == 0.002 && record.config.requestedLearningRate == 0.001)
        let epochs = try store.epochs(runID: result.runID)
        #expect(epochs.map { $0["lr"] } == [0.002, 0.002])
    }

    @Test func weightDecayChangesTheRunAndIsRecorded() throws {
        let folder = try generatedCIFARFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteRunStore(path: folder.appendingPathComponent("runs.sqlite").path)
        var configuration = Self.configuration(folder: folder)
        configuration.optimizer.lr = 0.01
        let plain = try store.epochs(runID: try Self.run(configuration, store: store).runID)
        configuration.optimizer.weightDecay = 0.5
        let decayed = try Self.run(configuration, store: store)
        let epochs = try store.epochs(runID: decayed.runID)
        #expect(epochs[0]["loss"] != plain[0]["loss"] || epochs[1]["loss"] != plain[1]["loss"])
        let record = try #require(try store.run(id: decayed.runID))
        #expect(record.config.optimizerParameters["weight_decay"] == 0.5)
        #expect(record.config.entries.contains { $0 == ("weight_decay", "0.5") })
    }

    @Test func aBatchLargerThanTheDataIsRefusedBeforeAnythingIsRecorded() throws {
        let folder = try generatedCIFARFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteRunStore(path: folder.appendingPathComponent("runs.sqlite").path)
        var configuration = Self.configuration(folder: folder)
        configuration.batchSize = 41
        #expect(throws: ConfigurationError(key: "batch_size", "41 is larger than the 40 training images")) {
            try Self.run(configuration, store: store)
        }
        configuration.batchSize = 16
        configuration.data.subset = 41
        #expect(throws: ConfigurationError(key: "data.subset", "41 is larger than the 40 training images")) {
            try Self.run(configuration, store: store)
        }
        #expect(try store.runs().isEmpty)
    }
}
