import BatchLabConfig
import Foundation
import Testing
@testable import batchlab

/// `batchlab train`'s flags → the run configuration, and the errors a user sees.
@Suite struct TrainFlagsTests {
    private func configuration(_ arguments: [String]) throws -> RunConfiguration {
        try Train.parse(arguments).overrides().validated()
    }

    /// The message ArgumentParser prints for `arguments` (without the usage text).
    private func message(_ arguments: [String]) -> String? {
        do {
            // As `run()` checks them, before anything is trained.
            _ = try Train.parse(arguments).overrides().validated()
            return nil
        } catch {
            return Train.message(for: error)
        }
    }

    @Test func noFlagsAreTheDefaults() throws {
        #expect(try configuration([]) == RunConfiguration())
    }

    @Test func eachFlagSetsItsKey() throws {
        var expected = RunConfiguration()
        expected.model = "keras-cnn"
        expected.optimizer.name = .sgd
        expected.optimizer.momentum = 0.9
        expected.optimizer.nesterov = true
        expected.optimizer.weightDecay = 5e-4
        expected.optimizer.lr = 0.05
        expected.seed = 7
        expected.threads = 2
        expected.batchSize = 128
        expected.epochs = 3
        expected.data.folder = "/data"
        expected.data.subset = 500
        expected.data.validationSplit = 0.2
        expected.data.preprocessing = .standardize
        expected.lrScaling.rule = .linear
        expected.lrScaling.baseBatchSize = 64
        expected.lrScaling.baseLR = 0.01
        expected.schedule.name = .step
        expected.schedule.decayRate = 0.3
        expected.schedule.decayEpochs = 2
        expected.schedule.warmupEpochs = 1
        expected.callbacks.earlyStopping = EarlyStoppingSettings()
        expected.callbacks.earlyStopping?.monitor = "val_accuracy"
        expected.callbacks.earlyStopping?.patience = 4
        expected.callbacks.earlyStopping?.restoreBestWeights = true
        expected.callbacks.targetAccuracy = TargetAccuracySettings(target: 0.6)
        expected.callbacks.targetAccuracy?.evalEveryImages = 1000
        expected.callbacks.targetAccuracy?.evalImages = 500
        expected.callbacks.checkpointDir = "ckpt"
        expected.logging.logEverySteps = 5
        expected.logging.metricsOut = "m.jsonl"
        #expect(try configuration([
            "--model", "keras-cnn", "--optimizer", "sgd", "--momentum", "0.9", "--nesterov", "--weight-decay", "5e-4", "--lr", "0.05",
            "--seed", "7", "--threads", "2", "--batch-size", "128", "--epochs", "3", "--data", "/data", "--subset", "500",
            "--validation-split", "0.2", "--preprocessing", "standardize", "--scale-lr", "linear", "--base-batch-size", "64",
            "--base-lr", "0.01", "--schedule", "step", "--decay-rate", "0.3", "--decay-epochs", "2", "--warmup-epochs", "1",
            "--early-stopping", "--early-stopping-monitor", "val_accuracy", "--early-stopping-patience", "4", "--restore-best-weights",
            "--target-accuracy", "0.6", "--eval-every-images", "1000", "--eval-images", "500", "--checkpoint-dir", "ckpt",
            "--log-every-steps", "5", "--metrics-out", "m.jsonl", "--name", "n", "--study", "s",
        ]) == expected)
    }

    @Test func plateauFlagsFillTheKerasDefaultsTheyDoNotSet() throws {
        let configuration = try configuration(["--reduce-lr-on-plateau", "--plateau-patience", "3", "--plateau-min-lr", "1e-5"])
        var expected = PlateauSettings()
        expected.patience = 3
        expected.minLR = 1e-5
        #expect(configuration.callbacks.reduceLROnPlateau == expected)
    }

    @Test(arguments: [
        (["--lr=-1"], "--lr must be a positive number (got -1.0)"),
        (["--batch-size", "0"], "--batch-size must be ≥ 1 (got 0)"),
        (["--epochs", "0"], "--epochs must be ≥ 1 (got 0)"),
        (["--threads", "0"], "--threads must be ≥ 1 (got 0)"),
        (["--momentum", "1"], "--momentum must be in [0, 1) (got 1.0)"),
        (["--weight-decay=-0.1"], "--weight-decay must be ≥ 0 (got -0.1)"),
        (["--model", "vgg"], "--model must be one of seed-cnn, keras-cnn (got 'vgg'; see `batchlab models`), or a list of layers"),
        (["--subset", "0"], "--subset must be ≥ 1 (got 0)"),
        (["--validation-split", "1.5"], "--validation-split must be between 0 and 1 (got 1.5)"),
        (["--base-batch-size", "0"], "--base-batch-size must be ≥ 1 (got 0)"),
        (["--plateau-patience", "3"], "--plateau-patience has no effect without --reduce-lr-on-plateau"),
        (["--restore-best-weights"], "--restore-best-weights has no effect without --early-stopping"),
        (["--eval-images", "10"], "--eval-images has no effect without --target-accuracy"),
        (["--decay-rate", "0.5"], "--decay-rate has no effect without --schedule step or exp"),
        (["--schedule", "cosine", "--decay-epochs", "2"], "--decay-epochs has no effect without --schedule step or exp"),
        (["--reduce-lr-on-plateau", "--plateau-factor", "1"], "--plateau-factor must be in (0, 1) (got 1.0)"),
        (["--reduce-lr-on-plateau", "--plateau-monitor", "acc"],
         "--plateau-monitor must be one of loss, accuracy, val_loss, val_accuracy (got 'acc')"),
        (["--reduce-lr-on-plateau", "--schedule", "cosine"],
         "--reduce-lr-on-plateau and a schedule both set the learning rate; choose one"),
        (["--target-accuracy", "0"], "--target-accuracy must be in (0, 1] (got 0.0)"),
        (["--log-every-steps", "0"], "--log-every-steps must be ≥ 1 (got 0)"),
        (["--wait-at-epochs", "0"], "--wait-at-epochs expects epochs ≥ 1 (got 0)"),
        (["--batch-size", "9223372036854775807"], "--batch-size must be at most 50,000 (got 9223372036854775807)"),
        (["--schedule", "cosine", "--epochs", "9223372036854775807"], "--epochs must be at most 10,000 (got 9223372036854775807)"),
        (["--warmup-epochs", "60"], "--warmup-epochs must be at most the run's epochs (50; got 60)"),
    ])
    func aBadFlagIsNamedWithWhatItExpects(arguments: [String], expected: String) {
        #expect(message(arguments) == expected)
    }

    @Test func aConfigFileSetsTheRunAndFlagsOverrideIt() throws {
        let file = try TemporaryFile("""
            batch_size: 128
            optimizer:
              lr: 0.004
              weight_decay: 0.01
            callbacks:
              reduce_lr_on_plateau: {patience: 3}
            """)
        let configuration = try configuration(["--config", file.path, "--lr", "0.008", "--plateau-factor", "0.5"])
        #expect(configuration.batchSize == 128 && configuration.optimizer.lr == 0.008 && configuration.optimizer.weightDecay == 0.01)
        #expect(configuration.callbacks.reduceLROnPlateau?.patience == 3 && configuration.callbacks.reduceLROnPlateau?.factor == 0.5)
        #expect(try self.configuration(["--config", file.path, "--no-reduce-lr-on-plateau"]).callbacks.reduceLROnPlateau == nil)
    }

    @Test func aConfigFileErrorNamesTheFlagFileAndLine() throws {
        let file = try TemporaryFile("epochs: 2\noptimizer:\n  lrr: 0.1\n")
        #expect(message(["--config", file.path]) == "--config \(file.path):3: optimizer.lrr is not a configuration key; did you mean 'optimizer.lr'?")
        #expect(message(["--config", "/no/such.yaml"]) == "--config /no/such.yaml: does not exist")
    }

    /// The printed configuration, passed back with --config, is the same configuration.
    @Test func printedConfigurationReadsBackTheSame() throws {
        let configuration = try configuration(["--batch-size", "64", "--weight-decay", "1e-4", "--early-stopping", "--subset", "500"])
        let file = try TemporaryFile(ConfigurationFile.yaml(configuration))
        #expect(try self.configuration(["--config", file.path]) == configuration)
    }

    @Test func legacyRecordedFlagsBecomeAConfiguration() throws {
        let configuration = try Train.parse(["--lr", "0.01", "--batch-size", "64", "--reduce-lr-on-plateau", "--plateau-patience", "2"])
            .overrides(over: RunConfiguration()).validated()
        #expect(configuration.optimizer.lr == 0.01 && configuration.batchSize == 64)
        #expect(configuration.callbacks.reduceLROnPlateau?.patience == 2)
    }
}

/// A file in the temporary directory, removed when the value is released.
final class TemporaryFile {
    let path: String

    init(_ text: String, extension: String = "yaml") throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("batchlab-\(UUID().uuidString).\(`extension`)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
