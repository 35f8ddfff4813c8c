import BatchLabConfig
import Testing
@testable import BatchLabExperiments

struct RunSpecTests {
    @Test func applyingSettingsSetsTheirConfigurationKeys() throws {
        let settings = [
            SweepSetting(.lr, .real(0.01)), SweepSetting(.batchSize, .integer(128)),
            SweepSetting(SweepParameter("callbacks.reduce_lr_on_plateau.patience")!, .integer(3)),
            SweepSetting(SweepParameter("early_stopping")!, .flag(true)),
            SweepSetting(SweepParameter("optimizer.weight_decay")!, .real(5e-4)),
            SweepSetting(SweepParameter("data.subset")!, .integer(500)), SweepSetting(SweepParameter("subset")!, .null),
            SweepSetting(SweepParameter("scale_lr")!, .text("sqrt")), SweepSetting(.name, .text("mine")),
        ]
        let run = try RunSpec().applying(settings)
        var expected = RunConfiguration()
        expected.optimizer.lr = 0.01
        expected.batchSize = 128
        expected.callbacks.reduceLROnPlateau = PlateauSettings()
        expected.callbacks.reduceLROnPlateau?.patience = 3
        expected.callbacks.earlyStopping = EarlyStoppingSettings()
        expected.optimizer.weightDecay = 5e-4
        expected.lrScaling.rule = .sqrt
        #expect(run.configuration == expected)
        #expect(run.name == "mine")
    }

    /// A value goes from the sweep file to the configuration as a number: no digits are lost.
    @Test func numbersKeepEveryDigit() throws {
        #expect(try RunSpec().applying([SweepSetting(.lr, .real(0.1 + 0.2))]).configuration.optimizer.lr == 0.30000000000000004)
        #expect(try RunSpec().applying([SweepSetting(SweepParameter("seed")!, .unsigned(.max))]).configuration.seed == .max)
    }

    @Test func defaultNameJoinsTheSweptValues() {
        let settings = [SweepSetting(.lr, .real(0.0001)), SweepSetting(.batchSize, .integer(32))]
        #expect(RunSpec.defaultName(for: settings) == "lr=0.0001 batch=32")
        #expect(RunSpec.defaultName(for: [SweepSetting(SweepParameter("lr_scaling.rule")!, .text("sqrt"))]) == "scale_lr=sqrt")
        #expect(RunSpec.defaultName(for: [SweepSetting(SweepParameter("optimizer.beta_2")!, .real(0.99))]) == "optimizer.beta_2=0.99")
    }
}
