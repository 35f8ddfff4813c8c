import Testing
import Yams
@testable import BatchLabConfig

@Suite struct ConfigurationFileTests {
    @Test func anEmptyFileIsTheDefaults() throws {
        #expect(try ConfigurationFile.decode("", fileName: "run.yaml") == RunConfiguration())
        #expect(try ConfigurationFile.decode("{}", fileName: "run.json") == RunConfiguration())
    }

    @Test func missingKeysKeepTheirDefaults() throws {
        let configuration = try ConfigurationFile.decode("""
            batch_size: 128
            optimizer:
              lr: 0.004
              weight_decay: 0.01
            callbacks:
              reduce_lr_on_plateau:
                patience: 3
            """, fileName: "run.yaml")
        var expected = RunConfiguration()
        expected.batchSize = 128
        expected.optimizer.lr = 0.004
        expected.optimizer.weightDecay = 0.01
        expected.callbacks.reduceLROnPlateau = PlateauSettings()
        expected.callbacks.reduceLROnPlateau?.patience = 3
        #expect(configuration == expected)
        #expect(configuration.callbacks.reduceLROnPlateau?.factor == 0.1)
    }

    /// Every setting away from its default, printed and read back: the same value.
    @Test func printedYAMLAndJSONReadBackTheSame() throws {
        var configuration = RunConfiguration()
        configuration.model = "keras-cnn"
        configuration.data.folder = "/data/cifar: 10"
        configuration.data.subset = 500
        configuration.data.validationSplit = 0.1
        configuration.data.preprocessing = .standardize
        configuration.optimizer.name = .sgd
        configuration.optimizer.lr = 0.1
        configuration.optimizer.momentum = 0.9
        configuration.optimizer.nesterov = true
        configuration.optimizer.weightDecay = 5e-4
        configuration.batchSize = 128
        configuration.epochs = 3
        configuration.seed = UInt64.max
        configuration.threads = 2
        configuration.lrScaling.rule = .sqrt
        configuration.lrScaling.baseBatchSize = 64
        configuration.lrScaling.baseLR = 0.0003
        configuration.schedule.name = .step
        configuration.schedule.decayRate = 0.3
        configuration.schedule.decayEpochs = 2
        configuration.schedule.warmupEpochs = 1
        configuration.callbacks.earlyStopping = EarlyStoppingSettings()
        configuration.callbacks.earlyStopping?.restoreBestWeights = true
        configuration.callbacks.targetAccuracy = TargetAccuracySettings(target: 0.55)
        configuration.callbacks.checkpointDir = "checkpoints"
        configuration.logging.logEverySteps = 7
        configuration.logging.metricsOut = "m.jsonl"
        try configuration.validate()
        let yaml = ConfigurationFile.yaml(configuration)
        #expect(try ConfigurationFile.decode(yaml, fileName: "printed.yaml") == configuration)
        #expect(try ConfigurationFile.decode(ConfigurationFile.json(configuration), fileName: "stored.json") == configuration)
        // Adam's own settings, which SGD refuses.
        var adam = RunConfiguration()
        (adam.optimizer.beta1, adam.optimizer.beta2, adam.optimizer.epsilon) = (0.8, 0.99, 1e-8)
        try adam.validate()
        #expect(try ConfigurationFile.decode(ConfigurationFile.yaml(adam), fileName: "printed.yaml") == adam)
    }

    /// Every key is printed, unset ones as null, so the printed file shows what can be set.
    @Test func printingShowsEveryKey() {
        let yaml = ConfigurationFile.yaml(RunConfiguration())
        for line in ["model: seed-cnn", "  lr: 0.001", "  weight_decay: 0.0", "batch_size: 32", "threads: null",
                     "  reduce_lr_on_plateau: null", "  rule: none", "  subset: null", "  name: constant"] {
            #expect(yaml.contains("\n" + line + "\n") || yaml.hasPrefix(line + "\n"), "missing '\(line)' in\n\(yaml)")
        }
    }

    @Test func aKeyThatIsAListOrAMappingIsRefusedWithItsLine() {
        for text in ["epochs: 2\n[a, b]: 1\n", "epochs: 2\noptimizer:\n  lr: 0.1\n  {x: 1}: 2\n"] {
            let line = text.hasPrefix("epochs: 2\n[") ? 2 : 4
            #expect(throws: ConfigurationFileError(fileName: "run.yaml", line: line,
                                                   message: "a key must be a name such as batch_size, not a list or a mapping")) {
                try ConfigurationFile.decode(text, fileName: "run.yaml")
            }
        }
    }

    /// Ten levels of ten aliases name 10¹⁰ nodes: refused without walking them.
    @Test func anAliasBombIsRefusedWithoutExpandingIt() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        #expect(throws: ConfigurationFileError.self) { try ConfigurationFile.decode(text, fileName: "bomb.yaml") }
    }

    @Test func anUnknownKeyNamesItsLineAndTheClosestKey() {
        let text = "epochs: 2\noptimizer:\n  name: adam\n  lrr: 0.01\n"
        #expect(throws: ConfigurationFileError(fileName: "run.yaml", line: 4,
                                               message: "optimizer.lrr is not a configuration key; did you mean 'optimizer.lr'?")) {
            try ConfigurationFile.decode(text, fileName: "run.yaml")
        }
        #expect(throws: ConfigurationFileError(fileName: "run.yaml", line: 1,
                                               message: "batchsize is not a configuration key; did you mean 'batch_size'?")) {
            try ConfigurationFile.decode("batchsize: 2", fileName: "run.yaml")
        }
        let far = #expect(throws: ConfigurationFileError.self) { try ConfigurationFile.decode("colour: red", fileName: "run.yaml") }
        #expect(far?.message.hasPrefix("colour is not a configuration key; the keys here are model, data, optimizer, batch_size") == true)
    }

    @Test func aValueOfTheWrongKindNamesKeyAndLine() {
        #expect(throws: ConfigurationFileError(fileName: "r.yaml", line: 2, message: "batch_size expects a whole number (got 'big')")) {
            try ConfigurationFile.decode("epochs: 1\nbatch_size: big\n", fileName: "r.yaml")
        }
        #expect(throws: ConfigurationFileError(fileName: "r.json", line: 1,
                                               message: "optimizer.name must be one of adam, sgd (got 'adamw')")) {
            try ConfigurationFile.decode(#"{"optimizer": {"name": "adamw"}}"#, fileName: "r.json")
        }
    }

    @Test func anOutOfRangeValueNamesKeyAndLine() {
        #expect(throws: ConfigurationFileError(fileName: "r.yaml", line: 3, message: "optimizer.lr must be a positive number (got -1.0)")) {
            try ConfigurationFile.decode("model: seed-cnn\noptimizer:\n  lr: -1\n", fileName: "r.yaml")
        }
        #expect(throws: ConfigurationFileError(fileName: "r.yaml", line: 1,
                                               message: "model must be one of seed-cnn, keras-cnn (got 'vgg'; see `batchlab models`), or a list of layers")) {
            try ConfigurationFile.decode("model: vgg", fileName: "r.yaml")
        }
    }

    @Test func malformedYAMLNamesItsLine() {
        let error = #expect(throws: ConfigurationFileError.self) { try ConfigurationFile.decode("a: [1,\nb: 2: 3", fileName: "bad.yaml") }
        #expect(error?.line != nil)
        #expect(error?.message.hasPrefix("malformed YAML") == true)
        #expect(throws: ConfigurationFileError(fileName: "list.yaml", line: 1,
                                               message: "must be a mapping of keys (model, optimizer, batch_size, …) to values")) {
            try ConfigurationFile.decode("- 1\n- 2", fileName: "list.yaml")
        }
    }

    /// Real numbers print as the shortest decimal that reads back as the same Double (Yams's own
    /// formatting keeps 15 digits: 0.1 + 0.2 would print as 0.3), with `.0` before an exponent.
    @Test func realNumbersKeepEveryDigit() throws {
        var configuration = RunConfiguration()
        configuration.optimizer.lr = 0.1 + 0.2
        configuration.optimizer.weightDecay = 0.00031622776601683794
        configuration.data.folder = "-.5"
        let yaml = ConfigurationFile.yaml(configuration)
        for line in ["  lr: 0.30000000000000004", "  weight_decay: 0.00031622776601683794", "  epsilon: 1.0e-07"] {
            #expect(yaml.contains("\n" + line + "\n"), "missing '\(line)' in\n\(yaml)")
        }
        #expect(try ConfigurationFile.decode(yaml, fileName: "p.yaml") == configuration)
        #expect(try configuration.setting("batch_size", to: "64").optimizer.lr == 0.1 + 0.2)
    }

    @Test func aNullForAKeyThatCannotBeNullIsAnError() {
        #expect(throws: ConfigurationFileError(fileName: "r.yaml", line: 2, message: "epochs cannot be null; leave it out to keep its default")) {
            try ConfigurationFile.decode("batch_size: 8\nepochs: null\n", fileName: "r.yaml")
        }
        #expect(throws: ConfigurationFileError(fileName: "r.yaml", line: 2,
                                               message: "callbacks.reduce_lr_on_plateau.min_lr must be a number ≥ 0 (got inf)")) {
            try ConfigurationFile.decode("callbacks:\n  reduce_lr_on_plateau: {min_lr: .inf}\n", fileName: "r.yaml")
        }
    }
}
