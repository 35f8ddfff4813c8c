import Testing
@testable import BatchLabExperiments

struct RunSpecTests {
    @Test func argumentsOfTheDefaultsLeaveOutEveryOptionalFlag() {
        let run = RunSpec(name: "lr=0.001 batch=32", epochs: 3)
        #expect(run.arguments() == [
            "--name", "lr=0.001 batch=32", "--model", "seed-cnn", "--lr", "0.001",
            "--batch-size", "32", "--epochs", "3", "--optimizer", "adam", "--seed", "0",
            "--preprocessing", "scale",
        ])
    }

    @Test func argumentsOfAFullSpec() {
        let run = RunSpec(
            name: "full", model: "wide-cnn", learningRate: 1e-4, batchSize: 128, epochs: 20,
            optimizer: "sgd", momentum: 0.9, seed: 7, subset: 5000, validationSplit: 0.1,
            preprocessing: "standardize", scaleLR: .sqrt, baseBatchSize: 32, baseLR: 0.001,
            reduceLROnPlateau: true, plateauMonitor: "val_accuracy", plateauFactor: 0.5,
            plateauPatience: 3, plateauMinLR: 1e-6, plateauCooldown: 2, earlyStopping: true,
            earlyStoppingPatience: 5, schedule: "cosine", warmupEpochs: 2, threads: 4)
        #expect(run.arguments() == [
            "--name", "full", "--model", "wide-cnn", "--lr", "0.0001", "--batch-size", "128",
            "--epochs", "20", "--optimizer", "sgd", "--momentum", "0.9", "--seed", "7",
            "--subset", "5000", "--validation-split", "0.1", "--preprocessing", "standardize",
            "--scale-lr", "sqrt", "--base-batch-size", "32", "--base-lr", "0.001",
            "--reduce-lr-on-plateau", "--plateau-monitor", "val_accuracy", "--plateau-factor", "0.5",
            "--plateau-patience", "3", "--plateau-min-lr", "1e-06", "--plateau-cooldown", "2",
            "--early-stopping", "--early-stopping-patience", "5", "--schedule", "cosine",
            "--warmup-epochs", "2", "--threads", "4",
        ])
    }

    @Test func momentumOnlyWithSGDAndBaseBatchSizeOnlyWhenScaling() {
        let args = RunSpec(optimizer: "adam", momentum: 0.9, scaleLR: .none, baseBatchSize: 64).arguments()
        #expect(!args.contains("--momentum"))
        #expect(!args.contains("--base-batch-size"))
        let scaled = RunSpec(scaleLR: .linear, baseBatchSize: 64).arguments()
        #expect(scaled.suffix(4) == ["--scale-lr", "linear", "--base-batch-size", "64"])
    }

    @Test func numbersPrintInShortestRoundTrippingForm() {
        #expect(RunSpec(learningRate: 0.001).arguments()[5] == "0.001")
        #expect(RunSpec(learningRate: 1e-5).arguments()[5] == "1e-05")
        #expect(RunSpec(learningRate: 0.1 + 0.2).arguments()[5] == "0.30000000000000004")
    }

    @Test func defaultNameJoinsTheSweptValues() {
        let settings = [SweepSetting(.lr, .real(0.0001)), SweepSetting(.batchSize, .integer(32))]
        #expect(RunSpec.defaultName(for: settings) == "lr=0.0001 batch=32")
        #expect(RunSpec.defaultName(for: [SweepSetting(.scaleLR, .text("sqrt"))]) == "scale_lr=sqrt")
    }

    @Test func effectiveLearningRateScalesBaseLROrTheSpecsRate() {
        #expect(RunSpec(learningRate: 0.001, batchSize: 128, scaleLR: .linear).effectiveLearningRate == 0.004)
        #expect(RunSpec(learningRate: 0.5, batchSize: 128, scaleLR: .sqrt, baseLR: 0.001).effectiveLearningRate == 0.002)
        #expect(RunSpec(learningRate: 0.5, batchSize: 128, baseLR: 0.001).effectiveLearningRate == 0.5)
    }
}
