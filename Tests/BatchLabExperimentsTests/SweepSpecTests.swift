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
        #expect(runs.map(\.learningRate) == [1e-4, 1e-4, 1e-3, 1e-3, 0.1, 0.1])
        #expect(runs.map(\.batchSize) == [32, 128, 32, 128, 32, 128])
        #expect(runs.allSatisfy { $0.epochs == 3 && $0.model == "seed-cnn" && $0.scaleLR == .none })
    }

    @Test func headerKeysAndFixedVersusGrid() throws {
        let spec = try SweepSpec.parse(Self.example, fileName: "sweep.yaml")
        #expect(spec.name == "lr-batch")
        #expect(spec.method == .grid)
        #expect(spec.parallel == 2)
        #expect(spec.fixed.map(\.parameter) == [.model, .epochs, .scaleLR])
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
        #expect(a.map(\.optimizer) == ["sgd", "sgd"])
    }

    @Test func aOneValueListIsFixed() throws {
        let spec = try SweepSpec.parse("parameters:\n  lr: [0.01]\n  batch_size: [32, 64]\n", fileName: "s.yaml")
        #expect(spec.fixed == [SweepSetting(.lr, .real(0.01))])
        #expect(spec.runs().map(\.name) == ["batch=32", "batch=64"])
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
        #expect(runs.map(\.learningRate) == [0.001, 0.004, 0.01])
        #expect(runs.map(\.batchSize) == [32, 128, 64])
        #expect(runs.map(\.reduceLROnPlateau) == [false, true, false])
        #expect(runs.allSatisfy { $0.epochs == 3 })
    }

    @Test func runsWithoutParameters() throws {
        let runs = try SweepSpec.parse("runs:\n  - {name: a, seed: 1}\n  - {name: b, seed: 2}\n", fileName: "s.yaml").runs()
        #expect(runs == [RunSpec(name: "a", seed: 1), RunSpec(name: "b", seed: 2)])
    }

    @Test func withoutGridOneRunNamedAfterTheStudy() throws {
        let runs = try SweepSpec.parse("parameters:\n  epochs: 2\n", fileName: "sweeps/smoke.test.yaml").runs()
        #expect(runs == [RunSpec(name: "smoke.test", epochs: 2)])
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
              schedule: ~
              base_lr: 0.002
              plateau_min_lr: 0
            """
        let run = try #require(try SweepSpec.parse(yaml, fileName: "s.yaml").runs().first)
        #expect(run.subset == 1000)
        #expect(run.validationSplit == 0.1)
        #expect(run.seed == UInt64.max)
        #expect(run.earlyStopping)
        #expect(run.threads == nil && run.schedule == nil)
        #expect(run.baseLR == 0.002 && run.plateauMinLR == 0)
    }

    @Test func aliasesResolveToTheirAnchors() throws {
        let yaml = "parameters:\n  batch_size: &b 64\n  base_batch_size: *b\n"
        let run = try #require(try SweepSpec.parse(yaml, fileName: "s.yaml").runs().first)
        #expect(run.batchSize == 64 && run.baseBatchSize == 64)
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
        #expect(spec.fixed == [SweepSetting(.epochs, .integer(3)), SweepSetting(.optimizer, .text("sgd"))])
        #expect(spec.grid.isEmpty)
        // Under method: random a list is W&B's categorical: one of the values per trial.
        #expect(spec.searched == [
            SearchedParameter(.lr, .distribution(.logUniform(min: 1e-4, max: 0.1))),
            SearchedParameter(.batchSize, .values([.integer(32), .integer(128)])),
        ])
        let runs = spec.runs()
        #expect(runs.count == 5)
        // Five runs: one digit, no padding; lr then batch, in file order.
        #expect(runs.map(\.name) == runs.enumerated().map { "#\($0 + 1) lr=\($1.learningRate) batch=\($1.batchSize)" })
        #expect(runs.allSatisfy { $0.epochs == 3 && $0.optimizer == "sgd" })
        #expect(runs.allSatisfy { (1e-4...0.1).contains($0.learningRate) && [32, 128].contains($0.batchSize) })
    }

    /// The runs are `RandomSearch`'s trials 0…4 for the same seed, lr kept to 4 significant
    /// digits (`%.4g`) and the batch index mapped to its value.
    @Test func randomRunsAreTheSearchsTrialsRoundedToFourDigits() throws {
        let runs = try SweepSpec.parse(Self.random, fileName: "search.yaml").runs()
        let trials = RandomSearch([.init("lr", .logUniform(min: 1e-4, max: 0.1)), .init("batch_size", .choice([0, 1]))],
                                  seed: 7).trials(count: 5)
        #expect(runs.map(\.learningRate) == trials.map { Double(String(format: "%.4g", $0["lr"]!))! })
        #expect(runs.map(\.batchSize) == trials.map { [32, 128][Int($0["batch_size"]!)] })
        for run in runs {
            // At most 4 significant digits: printing with 4 gives the same number back.
            #expect(Double(String(format: "%.4g", run.learningRate)) == run.learningRate)
        }
    }

    @Test func randomRunsDependOnTheSearchSeedOnly() throws {
        let runs = try SweepSpec.parse(Self.random, fileName: "a.yaml").runs()
        #expect(try SweepSpec.parse(Self.random, fileName: "b.yaml").runs().map(\.learningRate) == runs.map(\.learningRate))
        let reseeded = Self.random.replacingOccurrences(of: "search_seed: 7", with: "search_seed: 8")
        let other = try SweepSpec.parse(reseeded, fileName: "a.yaml").runs()
        #expect(other.map(\.learningRate) != runs.map(\.learningRate))
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
        let sizes = try SweepSpec.parse(uniform, fileName: "s.yaml").runs().map(\.batchSize)
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
        let quantisedSizes = spec.runs().map(\.batchSize)
        #expect(quantisedSizes.allSatisfy { (16...512).contains($0) && $0 % 16 == 0 })
        #expect(spec.runs().first?.name.hasPrefix("#01 batch=") == true)
    }

    @Test func qDefaultsToOne() throws {
        let yaml = "method: random\ncount: 1\nparameters:\n  batch_size: {distribution: q_log_uniform_values, min: 16, max: 512}\n"
        #expect(try SweepSpec.parse(yaml, fileName: "s.yaml").searched.first?.source
            == .distribution(.qLogUniform(min: 16, max: 512, q: 1)))
    }
}
