import BatchLabConfig
import Foundation
import Testing
@testable import BatchLabExperiments

struct SweepSpecTests {
    static let example = """
        name: lr-batch
        method: grid
        parallel: 2
        parameters:
          model: seed-cnn
          epochs: {value: 3}
          lr: {values: [1e-4, 1e-3, 0.1]}
          batch_size: [32, 128]
          scale_lr: none
        """

    @Test func gridIsTheCartesianProductFirstKeySlowest() throws {
        let runs = try SweepSpec.parse(Self.example, fileName: "sweep.yaml").runs()
        #expect(runs.count == 6)
        #expect(runs.map(\.name) == [
            "lr=0.0001 batch=32", "lr=0.0001 batch=128", "lr=0.001 batch=32",
            "lr=0.001 batch=128", "lr=0.1 batch=32", "lr=0.1 batch=128",
        ])
        #expect(runs.map(\.configuration.optimizer.lr) == [1e-4, 1e-4, 1e-3, 1e-3, 0.1, 0.1])
        #expect(runs.map(\.configuration.batchSize) == [32, 128, 32, 128, 32, 128])
        #expect(runs.allSatisfy { $0.epochs == 3 && $0.configuration.model == "seed-cnn" && $0.configuration.lrScaling.rule == .none })
    }

    @Test func headerKeysAndFixedVersusGrid() throws {
        let spec = try SweepSpec.parse(Self.example, fileName: "sweep.yaml")
        #expect(spec.name == "lr-batch")
        #expect(spec.method == .grid)
        #expect(spec.parallel == 2)
        #expect(spec.fixed.map(\.parameter.key) == ["model", "epochs", "lr_scaling.rule"])
        #expect(spec.grid == [
            SweepAxis(.lr, [.real(1e-4), .real(1e-3), .real(0.1)]),
            SweepAxis(.batchSize, [.integer(32), .integer(128)]),
        ])
        #expect(spec.explicitRuns == nil)
    }

    @Test func gridOrderFollowsTheFile() throws {
        let yaml = "parameters:\n  batch_size: [32, 128]\n  lr: [0.1, 0.01]\n"
        let names = try SweepSpec.parse(yaml, fileName: "s.yaml").runs().map(\.name)
        #expect(names == ["batch=32 lr=0.1", "batch=32 lr=0.01", "batch=128 lr=0.1", "batch=128 lr=0.01"])
    }

    @Test func wandbFormsAndShorthandMeanTheSame() throws {
        let wandb = "parameters:\n  epochs: {value: 3}\n  lr: {values: [0.1, 0.01]}\n  optimizer: {value: sgd}\n"
        let short = "parameters:\n  epochs: 3\n  lr: [0.1, 0.01]\n  optimizer: sgd\n"
        let a = try SweepSpec.parse(wandb, fileName: "a.yaml").runs()
        let b = try SweepSpec.parse(short, fileName: "a.yaml").runs()
        #expect(a == b)
        #expect(a.map(\.configuration.optimizer.name) == [.sgd, .sgd])
    }

    @Test func aOneValueListIsFixed() throws {
        let spec = try SweepSpec.parse("parameters:\n  lr: [0.01]\n  batch_size: [32, 64]\n", fileName: "s.yaml")
        #expect(spec.fixed == [SweepSetting(.lr, .real(0.01))])
        #expect(try spec.runs().map(\.name) == ["batch=32", "batch=64"])
    }

    @Test func explicitRunsOverrideTheFixedParameters() throws {
        let yaml = """
            parameters:
              epochs: 3
              lr: 0.01
            runs:
              - {name: baseline, lr: 0.001, batch_size: 32}
              - {name: linear-rule, lr: 0.004, batch_size: 128, reduce_lr_on_plateau: true}
              - {batch_size: 64}
            """
        let runs = try SweepSpec.parse(yaml, fileName: "runs.yaml").runs()
        #expect(runs.map(\.name) == ["baseline", "linear-rule", "batch=64"])
        #expect(runs.map(\.configuration.optimizer.lr) == [0.001, 0.004, 0.01])
        #expect(runs.map(\.configuration.batchSize) == [32, 128, 64])
        #expect(runs.map { $0.configuration.callbacks.reduceLROnPlateau != nil } == [false, true, false])
        #expect(runs.allSatisfy { $0.epochs == 3 })
    }

    @Test func runsWithoutParameters() throws {
        let runs = try SweepSpec.parse("runs:\n  - {name: a, seed: 1}\n  - {name: b, seed: 2}\n", fileName: "s.yaml").runs()
        #expect(runs == [Self.run("a") { $0.seed = 1 }, Self.run("b") { $0.seed = 2 }])
    }

    @Test func withoutGridOneRunNamedAfterTheStudy() throws {
        let runs = try SweepSpec.parse("parameters:\n  epochs: 2\n", fileName: "sweeps/smoke.test.yaml").runs()
        #expect(runs == [spec("smoke.test", epochs: 2)])
    }

    @Test func studyNameIsTheNameKeyElseTheFileStem() throws {
        #expect(try SweepSpec.parse("parameters: {epochs: 1}", fileName: "dir/lr.yaml").studyName == "lr")
        #expect(try SweepSpec.parse("name: x\nparameters: {epochs: 1}", fileName: "lr.yaml").studyName == "x")
        #expect(try SweepSpec.parse("parameters: {epochs: 1}", fileName: "sweep").studyName == "sweep")
    }

    @Test func typedValuesReachEveryField() throws {
        let yaml = """
            parameters:
              subset: 1e3
              validation_split: 0.1
              seed: 18446744073709551615
              early_stopping: True
              threads: null
              callbacks.target_accuracy: ~
              base_lr: 0.002
              plateau_min_lr: 0
            """
        let run = try #require(try SweepSpec.parse(yaml, fileName: "s.yaml").runs().first).configuration
        #expect(run.data.subset == 1000)
        #expect(run.data.validationSplit == 0.1)
        #expect(run.seed == UInt64.max)
        #expect(run.callbacks.earlyStopping == EarlyStoppingSettings())
        #expect(run.threads == nil && run.callbacks.targetAccuracy == nil)
        #expect(run.lrScaling.baseLR == 0.002 && run.callbacks.reduceLROnPlateau?.minLR == 0)
    }

    @Test func aliasesResolveToTheirAnchors() throws {
        let yaml = "parameters:\n  batch_size: &b 64\n  base_batch_size: *b\n"
        let run = try #require(try SweepSpec.parse(yaml, fileName: "s.yaml").runs().first)
        #expect(run.configuration.batchSize == 64 && run.configuration.lrScaling.baseBatchSize == 64)
    }

    // MARK: - Random search

    static let random = """
        method: random
        count: 5
        search_seed: 7
        parameters:
          epochs: 3
          optimizer: sgd
          lr: {distribution: log_uniform_values, min: 1e-4, max: 1e-1}
          batch_size: [32, 128]
        """

    @Test func randomSearchDrawsCountRunsNamedByTrialAndDraws() throws {
        let spec = try SweepSpec.parse(Self.random, fileName: "search.yaml")
        #expect(spec.method == .random && spec.count == 5 && spec.searchSeed == 7)
        #expect(spec.fixed == [
            SweepSetting(try #require(SweepParameter("epochs")), .integer(3)),
            SweepSetting(try #require(SweepParameter("optimizer.name")), .text("sgd")),
        ])
        #expect(spec.grid.isEmpty)
        // Under method: random a list is W&B's categorical: one of the values per trial.
        #expect(spec.searched == [
            SearchedParameter(.lr, .distribution(.logUniform(min: 1e-4, max: 0.1))),
            SearchedParameter(.batchSize, .values([.integer(32), .integer(128)])),
        ])
        let runs = try spec.runs().map(\.configuration)
        #expect(runs.count == 5)
        // Five runs: one digit, no padding; lr then batch, in file order.
        #expect(try spec.runs().map(\.name) == runs.enumerated().map { "#\($0 + 1) lr=\($1.optimizer.lr) batch=\($1.batchSize)" })
        #expect(runs.allSatisfy { $0.epochs == 3 && $0.optimizer.name == .sgd })
        #expect(runs.allSatisfy { (1e-4...0.1).contains($0.optimizer.lr) && [32, 128].contains($0.batchSize) })
    }

    /// The runs are `RandomSearch`'s trials 0…4 for the same seed, each parameter drawn under its
    /// flat name (`lr`, also when the file says `optimizer.lr`, so earlier files draw as before), lr kept to 4 significant
    /// digits (`%.4g`) and the batch index mapped to its value.
    @Test func randomRunsAreTheSearchsTrialsRoundedToFourDigits() throws {
        let runs = try SweepSpec.parse(Self.random, fileName: "search.yaml").runs().map(\.configuration)
        let trials = RandomSearch([.init("lr", .logUniform(min: 1e-4, max: 0.1)), .init("batch_size", .choice([0, 1]))],
                                  seed: 7).trials(count: 5)
        #expect(runs.map(\.optimizer.lr) == trials.map { Double(String(format: "%.4g", $0["lr"]!))! })
        #expect(runs.map(\.batchSize) == trials.map { [32, 128][Int($0["batch_size"]!)] })
        for run in runs {
            // At most 4 significant digits: printing with 4 gives the same number back.
            #expect(Double(String(format: "%.4g", run.optimizer.lr)) == run.optimizer.lr)
        }
    }

    @Test func randomRunsDependOnTheSearchSeedOnly() throws {
        let lr = { (run: RunSpec) in run.configuration.optimizer.lr }
        let runs = try SweepSpec.parse(Self.random, fileName: "a.yaml").runs()
        #expect(try SweepSpec.parse(Self.random, fileName: "b.yaml").runs().map(lr) == runs.map(lr))
        let reseeded = Self.random.replacingOccurrences(of: "search_seed: 7", with: "search_seed: 8")
        let other = try SweepSpec.parse(reseeded, fileName: "a.yaml").runs()
        #expect(other.map(lr) != runs.map(lr))
        // Without search_seed the seed is 0.
        let unseeded = Self.random.replacingOccurrences(of: "search_seed: 7\n", with: "")
        #expect(try SweepSpec.parse(unseeded, fileName: "a.yaml").searchSeed == 0)
    }

    /// Twelve runs: trial numbers padded to two digits, so names sort in trial order.
    @Test func trialNumbersArePaddedToTheCountsWidth() throws {
        let yaml = "method: random\ncount: 12\nparameters:\n  lr: {distribution: uniform, min: 0.01, max: 0.02}\n"
        let names = try SweepSpec.parse(yaml, fileName: "s.yaml").runs().map(\.name)
        #expect(names.count == 12)
        #expect(names.first?.hasPrefix("#01 lr=0.0") == true && names.last?.hasPrefix("#12 lr=0.0") == true)
        #expect(names == names.sorted())
    }

    /// Integer distributions give whole batch sizes: int_uniform any integer in [16, 64];
    /// q_log_uniform_values (q 16) multiples of 16 in [16, 512].
    @Test func integerDistributionsOnBatchSize() throws {
        let uniform = "method: random\ncount: 40\nparameters:\n  batch_size: {distribution: int_uniform, min: 16, max: 64}\n"
        let sizes = try SweepSpec.parse(uniform, fileName: "s.yaml").runs().map(\.configuration.batchSize)
        #expect(sizes.allSatisfy { (16...64).contains($0) })
        #expect(Set(sizes).count > 10)
        let quantised = """
            method: random
            count: 40
            parameters:
              batch_size: {distribution: q_log_uniform_values, min: 16, max: 512, q: 16}
            """
        let spec = try SweepSpec.parse(quantised, fileName: "s.yaml")
        #expect(spec.searched == [SearchedParameter(.batchSize, .distribution(.qLogUniform(min: 16, max: 512, q: 16)))])
        let quantisedSizes = try spec.runs().map(\.configuration.batchSize)
        #expect(quantisedSizes.allSatisfy { (16...512).contains($0) && $0 % 16 == 0 })
        #expect(try spec.runs().first?.name.hasPrefix("#01 batch=") == true)
    }

    @Test func qDefaultsToOne() throws {
        let yaml = "method: random\ncount: 1\nparameters:\n  batch_size: {distribution: q_log_uniform_values, min: 16, max: 512}\n"
        #expect(try SweepSpec.parse(yaml, fileName: "s.yaml").searched.first?.source
            == .distribution(.qLogUniform(min: 16, max: 512, q: 1)))
    }

    // MARK: - Configuration keys

    /// A file written with the configuration's dotted keys reads as the same file with the flat
    /// names of earlier sweep files: the same fixed settings, grid, runs and run names.
    @Test func dottedConfigurationKeysMeanTheSameAsTheFlatNames() throws {
        let flat = """
            parameters:
              epochs: 2
              optimizer: sgd
              momentum: 0.9
              weight_decay: 5e-4
              subset: 1000
              scale_lr: linear
              base_batch_size: 64
              reduce_lr_on_plateau: true
              plateau_factor: 0.5
              lr: [0.01, 0.1]
              plateau_patience: [2, 5]
            """
        let dotted = """
            parameters:
              epochs: 2
              optimizer.name: sgd
              optimizer.momentum: 0.9
              optimizer.weight_decay: 5e-4
              data.subset: 1000
              lr_scaling.rule: linear
              lr_scaling.base_batch_size: 64
              callbacks.reduce_lr_on_plateau: true
              callbacks.reduce_lr_on_plateau.factor: 0.5
              optimizer.lr: [0.01, 0.1]
              callbacks.reduce_lr_on_plateau.patience: [2, 5]
            """
        let flatRuns = try SweepSpec.parse(flat, fileName: "s.yaml").runs()
        let dottedRuns = try SweepSpec.parse(dotted, fileName: "s.yaml").runs()
        #expect(dottedRuns == flatRuns)
        #expect(try SweepSpec.parse(dotted, fileName: "s.yaml") == SweepSpec.parse(flat, fileName: "s.yaml"))
        #expect(dottedRuns.map(\.name) == [
            "lr=0.01 plateau_patience=2", "lr=0.01 plateau_patience=5", "lr=0.1 plateau_patience=2", "lr=0.1 plateau_patience=5",
        ])
        var expected = RunConfiguration()
        expected.epochs = 2
        expected.optimizer.name = .sgd
        expected.optimizer.momentum = 0.9
        expected.optimizer.weightDecay = 5e-4
        expected.data.subset = 1000
        expected.lrScaling.rule = .linear
        expected.lrScaling.baseBatchSize = 64
        expected.callbacks.reduceLROnPlateau = PlateauSettings()
        expected.callbacks.reduceLROnPlateau?.factor = 0.5
        expected.optimizer.lr = 0.1
        expected.callbacks.reduceLROnPlateau?.patience = 5
        #expect(dottedRuns.last?.configuration == expected)
        // The explicit runs of a runs: list read the same way.
        let flatList = "runs:\n  - {name: a, weight_decay: 1e-4, plateau_cooldown: 3}\n"
        let dottedList = "runs:\n  - {name: a, optimizer.weight_decay: 1e-4, callbacks.reduce_lr_on_plateau.cooldown: 3}\n"
        #expect(try SweepSpec.parse(dottedList, fileName: "s.yaml").runs() == SweepSpec.parse(flatList, fileName: "s.yaml").runs())
        #expect(try SweepSpec.parse(dottedList, fileName: "s.yaml").runs().first?.configuration.optimizer.weightDecay == 1e-4)
    }

    /// A misspelt dotted key names the closest configuration key, with its line.
    @Test(arguments: [
        ("optimizer.weight_decy", "optimizer.weight_decay"),
        ("callbacks.reduce_lr_on_plateau.patiense", "callbacks.reduce_lr_on_plateau.patience"),
        ("optimiser.lr", "optimizer.lr"),
    ])
    func anUnknownDottedKeySuggestsTheClosest(key: String, closest: String) {
        let yaml = "parameters:\n  epochs: 2\n  \(key): [1, 2]\n"
        #expect(throws: SweepSpecError(fileName: "s.yaml", line: 3, message: "unknown parameter '\(key)'; did you mean"
            + " '\(closest)'? (the keys of `batchlab train --print-config`)")) {
            try SweepSpec.parse(yaml, fileName: "s.yaml")
        }
    }

    /// A run named `name` with its configuration changed by `configure`.
    private static func run(_ name: String, _ configure: (inout RunConfiguration) -> Void) -> RunSpec {
        var run = RunSpec(name: name)
        configure(&run.configuration)
        return run
    }
}

/// `seeds: N` repeats every run with its seed, seed + 1, …: all runs of one seed before the next.
@Suite struct SweepSeedsTests {
    @Test func everyRunOncePerSeed() throws {
        let spec = try SweepSpec.parse("seeds: 3\nparameters:\n  seed: 10\n  lr: [1e-3, 1e-2]\n", fileName: "s.yaml")
        let runs = try spec.runs()
        #expect(runs.map(\.name) == ["lr=0.001 (seed 10)", "lr=0.01 (seed 10)", "lr=0.001 (seed 11)", "lr=0.01 (seed 11)",
                                     "lr=0.001 (seed 12)", "lr=0.01 (seed 12)"])
        #expect(runs.map(\.configuration.seed) == [10, 10, 11, 11, 12, 12])
    }

    /// Repeats over a grid of seeds would train seeds twice.
    @Test func aSweptSeedIsRefused() throws {
        let spec = try SweepSpec.parse("seeds: 2\nparameters:\n  seed: [0, 1]\n", fileName: "s.yaml")
        #expect { try spec.runs() } throws: { "\($0)".contains("the sweep also varies `seed`") }
    }

    @Test func aBadCountNamesItsLine() {
        for (text, message) in [("seeds: 0\nparameters:\n  lr: 0.1\n", "s.yaml:1"), ("seeds: 101\nparameters:\n  lr: 0.1\n", "seeds must be at most 100")] {
            #expect { try SweepSpec.parse(text, fileName: "s.yaml") } throws: { "\($0)".contains(message) }
        }
    }
}
