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
}
