import BatchLabConfig
import Testing
@testable import BatchLabExperiments

struct SweepParameterTests {
    /// The parameter a sweep file calls `name`.
    private func parameter(_ name: String) throws -> SweepParameter {
        try #require(SweepParameter(name))
    }

    @Test func integersMustBeExact() throws {
        #expect(try SweepParameter.batchSize.value(of: "128") == .integer(128))
        #expect(try SweepParameter.batchSize.value(of: "1e3") == .integer(1000))
        #expect(throws: SweepParameter.InvalidValue(description: "'batch_size' must be an integer (got \"1.5\")")) {
            try SweepParameter.batchSize.value(of: "1.5")
        }
        #expect(throws: SweepParameter.InvalidValue.self) { try parameter("epochs").value(of: "1e-3") }
    }

    /// Null only for the keys that may be null: an optional value, or a callback's section (off);
    /// and for the earlier flat `schedule` (`schedule.name`), where it means `constant`, as it did.
    @Test func nullOnlyForOptionalFields() throws {
        #expect(try parameter("subset").value(of: "", isNull: true) == .null)
        #expect(try parameter("threads").value(of: "null", isNull: true) == .null)
        #expect(try parameter("reduce_lr_on_plateau").value(of: "~", isNull: true) == .null)
        #expect(throws: SweepParameter.InvalidValue(description: "'epochs' must be an integer (got null)")) {
            try parameter("epochs").value(of: "null", isNull: true)
        }
        #expect(try parameter("schedule").value(of: "null", isNull: true) == .null)
        var run = RunSpec()
        run.configuration.schedule.name = .cosine
        try parameter("schedule").apply(.null, to: &run)
        #expect(run.configuration.schedule.name == .constant)
        run.configuration.callbacks.targetAccuracy = TargetAccuracySettings(target: 0.5)
        try parameter("target_accuracy").apply(.null, to: &run)
        #expect(run.configuration.callbacks.targetAccuracy == nil)
    }

    /// A flag, and a callback's section (on with its defaults, or off), take true or false.
    @Test func booleansAreTrueOrFalse() throws {
        #expect(try parameter("early_stopping").value(of: "false") == .flag(false))
        #expect(try parameter("reduce_lr_on_plateau").value(of: "TRUE") == .flag(true))
        #expect(try parameter("optimizer.nesterov").value(of: "true") == .flag(true))
        #expect(throws: SweepParameter.InvalidValue(description: "'callbacks.early_stopping' must be true or false (got \"1\")")) {
            try parameter("early_stopping").value(of: "1")
        }
    }

    @Test func realsKeepTheirExactValue() throws {
        #expect(try SweepParameter.lr.value(of: "1e-4") == .real(0.0001))
        #expect(try parameter("momentum").value(of: "0") == .real(0))
        #expect(throws: SweepParameter.InvalidValue.self) { try SweepParameter.lr.value(of: "nan") }
    }

    /// Ranges are the configuration's own checks, named by the canonical key whatever name the file used.
    @Test func rangesAreTheConfigurationsChecks() throws {
        #expect(throws: SweepParameter.InvalidValue(description: "'optimizer.lr' must be a positive number (got -1.0)")) {
            try parameter("lr").value(of: "-1")
        }
        #expect(throws: SweepParameter.InvalidValue(description: "'batch_size' must be ≥ 1 (got 0)")) {
            try SweepParameter.batchSize.value(of: "0")
        }
        #expect(throws: SweepParameter.InvalidValue(description: "'optimizer.momentum' must be in [0, 1) (got 1.0)")) {
            try parameter("momentum").value(of: "1")
        }
        #expect(throws: SweepParameter.InvalidValue(
            description: "'callbacks.reduce_lr_on_plateau.factor' must be in (0, 1) (got 1.5)")) {
            try parameter("plateau_factor").value(of: "1.5")
        }
        #expect(throws: SweepParameter.InvalidValue(description: "'optimizer.name' must be one of adam, sgd (got \"rmsprop\")")) {
            try parameter("optimizer").value(of: "rmsprop")
        }
    }

    @Test func everyParameterAppliesToItsKey() throws {
        var run = RunSpec()
        for (name, text) in [("scale_lr", "sqrt"), ("plateau_monitor", "val_accuracy"), ("warmup_epochs", "5")] {
            let parameter = try parameter(name)
            try parameter.apply(try parameter.value(of: text), to: &run)
        }
        var expected = RunConfiguration()
        expected.lrScaling.rule = .sqrt
        // A key of a callback's section turns the callback on, with its defaults for the other keys.
        expected.callbacks.reduceLROnPlateau = PlateauSettings()
        expected.callbacks.reduceLROnPlateau?.monitor = "val_accuracy"
        expected.schedule.warmupEpochs = 5
        #expect(run == RunSpec(configuration: expected))
    }

    /// Configuration keys are dotted snake_case; the flat names of earlier sweep files stand for them.
    @Test func keysAreTheConfigurationsAndEarlierNamesMapToThem() throws {
        #expect(try parameter("eval_every_images").key == "callbacks.target_accuracy.eval_every_images")
        #expect(try parameter("reduce_lr_on_plateau") == parameter("callbacks.reduce_lr_on_plateau"))
        #expect(try parameter("lr") == .lr && parameter("optimizer.lr") == .lr)
        #expect(try parameter("weight_decay").key == "optimizer.weight_decay")
        #expect(SweepParameter.name.key == "name" && SweepParameter.batchSize.key == "batch_size")
        // Every key of the earlier flat sweep files still reads.
        let earlierFiles = [
            "name", "model", "lr", "batch_size", "epochs", "optimizer", "momentum", "seed", "subset", "validation_split",
            "preprocessing", "scale_lr", "base_batch_size", "base_lr", "reduce_lr_on_plateau", "plateau_monitor",
            "plateau_factor", "plateau_patience", "plateau_min_lr", "plateau_cooldown", "early_stopping",
            "early_stopping_patience", "schedule", "warmup_epochs", "threads", "target_accuracy", "eval_every_images",
            "eval_images",
        ]
        #expect(earlierFiles.filter { SweepParameter($0) == nil } == [])
        for (earlier, key) in SweepParameter.earlierNames {
            #expect(SweepParameter(earlier)?.key == key, "\(earlier)")
            #expect(key == key.lowercased() && !key.contains(" "))
        }
        // Every key the messages list reads as itself; sections always there (`optimizer`) are not
        // listed: `optimizer` and `schedule` are the earlier flat names of `optimizer.name` and `schedule.name`.
        #expect(SweepParameter.known.filter { SweepParameter($0)?.key != $0 } == [])
        #expect(!SweepParameter.known.contains("data") && SweepParameter.known.contains("callbacks.early_stopping"))
        #expect(SweepParameter("data") == nil && SweepParameter("optimizer")?.key == "optimizer.name")
        #expect(SweepParameter("learning_rate") == nil && SweepParameter("optimizer.lrr") == nil)
        // The label of a default run name is the earlier flat name where there is one.
        #expect(try parameter("callbacks.reduce_lr_on_plateau.patience").label == "plateau_patience")
        #expect(SweepParameter.batchSize.label == "batch" && SweepParameter.lr.label == "lr")
    }
}
