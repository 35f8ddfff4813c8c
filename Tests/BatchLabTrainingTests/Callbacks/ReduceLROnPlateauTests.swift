import Testing
@testable import BatchLabTraining

/// Feeds `values` of `monitor` epoch by epoch; returns the learning rate after each epoch.
func learningRates(_ callback: ReduceLROnPlateau, monitor: String = "val_loss", values: [Double]) -> [Float] {
    var callback = callback
    var state = TrainingState(epochs: values.count, stepsPerEpoch: 1, batchSize: 1, learningRate: 1)
    return values.enumerated().map { index, value in
        state.epoch = index + 1
        var logs = EpochLogs()
        logs[monitor] = value
        callback.onEpochEnd(&logs, state: &state)
        return state.learningRate
    }
}

/// Expected sequences worked out by hand from Keras's `ReduceLROnPlateau.on_epoch_end`
/// (tf.keras 2.15 callbacks.py), epoch by epoch: best, wait, cooldown_counter.
@Suite struct ReduceLROnPlateauTests {
    let losses = [1.0, 0.9, 0.95, 0.92, 0.91, 0.80, 0.85, 0.86, 0.87, 0.88]

    @Test func dropsOnThePatienceThEpochWithoutImprovement() {
        // E1 best 1, E2 best .9, E3 wait 1, E4 wait 2 → 0.5; E5 wait 1, E6 best .8, E7 wait 1,
        // E8 wait 2 → 0.25, E9 wait 1, E10 wait 2 → 0.125.
        #expect(learningRates(ReduceLROnPlateau(factor: 0.5, patience: 2), values: losses)
                == [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.125])
    }

    @Test func cooldownSkipsCountingAfterADrop() {
        // Cooldown 2: E4 drop, counter 2; E5 counter 1 (not counted); E6 counter 0, improves;
        // E7 wait 1, E8 wait 2 → 0.25, counter 2; E9 counter 1; E10 counter 0, wait 1 (Keras
        // checks the counter again after decrementing, so the last cooldown epoch counts).
        #expect(learningRates(ReduceLROnPlateau(factor: 0.5, patience: 2, cooldown: 2), values: losses)
                == [1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25])
    }

    @Test func neverGoesBelowMinLR() {
        #expect(learningRates(ReduceLROnPlateau(factor: 0.1, patience: 1, minLR: 0.3), values: [1, 1, 1, 1])
                == [1, 0.3, 0.3, 0.3])
    }

    @Test func minDeltaIsAbsolute() {
        // 0.99995 beats 1 by less than 1e-4: not an improvement.
        #expect(learningRates(ReduceLROnPlateau(patience: 1), values: [1, 0.99995, 0.9998]) == [1, 0.1, 0.1])
    }

    @Test func autoModeMaximisesAccuracies() {
        #expect(learningRates(ReduceLROnPlateau(monitor: "val_accuracy", patience: 2), monitor: "val_accuracy",
                              values: [0.5, 0.6, 0.6, 0.55]) == [1, 1, 1, 0.1])
        #expect(ReduceLROnPlateau(monitor: "val_accuracy").mode == .max)
        #expect(ReduceLROnPlateau(monitor: "loss").mode == .min)
    }

    @Test func ignoresEpochsWithoutTheMonitoredValue() {
        #expect(learningRates(ReduceLROnPlateau(monitor: "val_loss", patience: 1), monitor: "loss", values: [1, 1, 1])
                == [1, 1, 1])
    }
}

@Suite struct ReduceLROnPlateauRoundingTests {
    @Test func reducedRatesReadAsDecimals() {
        // float32(0.001) × 0.1 = 0.000100000005; kept as float32(0.0001).
        #expect(ReduceLROnPlateau.rounded(Float(0.001) * 0.1) == Float(0.0001))
    }
}
