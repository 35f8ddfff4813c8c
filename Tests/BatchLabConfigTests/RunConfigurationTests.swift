import Testing
@testable import BatchLabConfig

@Suite struct RunConfigurationTests {
    @Test func defaultsAreTheTutorialBaselineAndKerasDefaults() throws {
        let configuration = RunConfiguration()
        try configuration.validate()
        #expect(configuration.model == "seed-cnn")
        #expect(configuration.optimizer.name == .adam && configuration.optimizer.lr == 0.001)
        #expect(configuration.optimizer.beta1 == 0.9 && configuration.optimizer.beta2 == 0.999 && configuration.optimizer.epsilon == 1e-7)
        #expect(configuration.batchSize == 32 && configuration.epochs == 50 && configuration.seed == 0)
        #expect(PlateauSettings() == {
            var keras = PlateauSettings()
            (keras.monitor, keras.factor, keras.patience, keras.minDelta, keras.cooldown, keras.minLR) = ("val_loss", 0.1, 10, 1e-4, 0, 0)
            return keras
        }())
    }

    /// 0.001 at batch 32 → batch 128: linear 0.004, sqrt 0.002 (hand-computed); no scaling keeps lr.
    @Test func theLearningRateFollowsTheScalingRule() {
        var configuration = RunConfiguration()
        configuration.batchSize = 128
        #expect(configuration.learningRate == 0.001 && configuration.warmupStartLearningRate == 0)
        configuration.lrScaling.rule = .linear
        #expect(configuration.learningRate == 0.004 && configuration.requestedLearningRate == 0.001)
        #expect(configuration.warmupStartLearningRate == 0.001)
        configuration.lrScaling.rule = .sqrt
        configuration.lrScaling.baseLR = 0.01
        #expect(configuration.learningRate == 0.02 && configuration.requestedLearningRate == 0.01)
    }

    @Test(arguments: [
        ({ (c: inout RunConfiguration) in c.batchSize = 0 }, "batch_size must be ≥ 1 (got 0)"),
        ({ (c: inout RunConfiguration) in c.epochs = 0 }, "epochs must be ≥ 1 (got 0)"),
        ({ (c: inout RunConfiguration) in c.threads = 0 }, "threads must be ≥ 1 (got 0)"),
        ({ (c: inout RunConfiguration) in c.optimizer.lr = .nan }, "optimizer.lr must be a positive number (got nan)"),
        ({ (c: inout RunConfiguration) in c.optimizer.lr = 1e308 }, "optimizer.lr must be at most 100.0 (got 1e+308)"),
        ({ (c: inout RunConfiguration) in c.optimizer.momentum = 1 }, "optimizer.momentum must be in [0, 1) (got 1.0)"),
        ({ (c: inout RunConfiguration) in c.optimizer.weightDecay = -0.1 }, "optimizer.weight_decay must be ≥ 0 (got -0.1)"),
        // A setting the chosen optimizer would ignore is refused.
        ({ (c: inout RunConfiguration) in c.optimizer.momentum = 0.9 }, "optimizer.momentum applies only to sgd (the optimizer is adam; got 0.9)"),
        ({ (c: inout RunConfiguration) in c.optimizer.nesterov = true }, "optimizer.nesterov applies only to sgd (the optimizer is adam)"),
        ({ (c: inout RunConfiguration) in c.optimizer.name = .sgd; c.optimizer.beta2 = 0.99 },
         "optimizer.beta_2 applies only to adam (the optimizer is sgd; got 0.99)"),
        ({ (c: inout RunConfiguration) in c.optimizer.name = .sgd; c.optimizer.nesterov = true }, "optimizer.nesterov needs a momentum > 0"),
        ({ (c: inout RunConfiguration) in c.optimizer.weightDecay = 1000 },
         "optimizer.weight_decay times the lr must stay below 1, or each step would flip the weights' sign (got 1000.0 × 0.001)"),
        ({ (c: inout RunConfiguration) in c.data.validationSplit = 1 }, "data.validation_split must be between 0 and 1 (got 1.0)"),
        ({ (c: inout RunConfiguration) in c.lrScaling.baseBatchSize = 0 }, "lr_scaling.base_batch_size must be ≥ 1 (got 0)"),
        ({ (c: inout RunConfiguration) in c.schedule.decayRate = 0 }, "schedule.decay_rate must be in (0, 1] (got 0.0)"),
        ({ (c: inout RunConfiguration) in c.callbacks.reduceLROnPlateau = PlateauSettings(); c.schedule.name = .cosine },
         "callbacks.reduce_lr_on_plateau and a schedule both set the learning rate; choose one"),
        ({ (c: inout RunConfiguration) in c.callbacks.earlyStopping = EarlyStoppingSettings(); c.callbacks.earlyStopping?.monitor = "acc" },
         "callbacks.early_stopping.monitor must be one of loss, accuracy, val_loss, val_accuracy (got 'acc')"),
        ({ (c: inout RunConfiguration) in c.callbacks.targetAccuracy = TargetAccuracySettings(target: 1.5) },
         "callbacks.target_accuracy.target must be in (0, 1] (got 1.5)"),
        ({ (c: inout RunConfiguration) in c.logging.logEverySteps = 0 }, "logging.log_every_steps must be ≥ 1 (got 0)"),
        // Bounds checked before any work: no step count can overflow, no run go on without end.
        ({ (c: inout RunConfiguration) in c.batchSize = .max }, "batch_size must be at most 50,000 (got 9223372036854775807)"),
        ({ (c: inout RunConfiguration) in c.epochs = 10_001 }, "epochs must be at most 10,000 (got 10001)"),
        ({ (c: inout RunConfiguration) in c.schedule.warmupEpochs = 51 }, "schedule.warmup_epochs must be at most the run's epochs (50; got 51)"),
        ({ (c: inout RunConfiguration) in c.schedule.decayEpochs = .max }, "schedule.decay_epochs must be at most 10,000 (got 9223372036854775807)"),
        ({ (c: inout RunConfiguration) in c.threads = 4096 }, "threads must be at most 1,024 (got 4096)"),
    ] as [(@Sendable (inout RunConfiguration) -> Void, String)])
    func validationNamesTheKeyAndTheRange(change: @Sendable (inout RunConfiguration) -> Void, message: String) {
        var configuration = RunConfiguration()
        change(&configuration)
        let error = #expect(throws: ConfigurationError.self) { try configuration.validate() }
        #expect(error?.description == message)
    }

    @Test func closestKeySuggestsOnlyNearKeys() {
        #expect(ConfigurationError.closest(to: "bath_size", in: ["batch_size", "epochs"]) == "batch_size")
        #expect(ConfigurationError.closest(to: "colour", in: ["batch_size", "epochs"]) == nil)
        #expect(ConfigurationError.editDistance("kitten", "sitting") == 3)
    }
}
