import Testing
@testable import BatchLabTraining

/// Golden tests for the formats users and files see.
@Suite struct ProgressBarTests {
    func sampleLogs() -> EpochLogs {
        var logs = EpochLogs()
        logs["epoch"] = 3
        logs["loss"] = 1.37254
        logs["accuracy"] = 0.50221
        logs["val_loss"] = 1.23291
        logs["val_accuracy"] = 0.56
        logs["lr"] = 0.001
        logs["seconds"] = 5.08
        logs["images_per_second"] = 9_800.4
        return logs
    }

    @Test func epochLine() {
        #expect(ProgressBar.line(sampleLogs(), epochs: 50)
                == "Epoch 3/50 - loss: 1.3725 - accuracy: 0.5022 - val_loss: 1.2329 - val_accuracy: 0.5600 - lr: 0.001 - 5.1s - 9,800 img/s")
    }

    @Test func nonInteractiveOutputIsOneLinePerEpoch() {
        var written: [String] = []
        var bar = ProgressBar(interactive: false) { written.append($0) }
        var state = TrainingState(epochs: 50, stepsPerEpoch: 10, batchSize: 32, learningRate: 0.001)
        state.epoch = 3
        bar.onEpochBegin(state: &state)
        bar.onBatchEnd(BatchLogs(batch: 10, loss: 1, accuracy: 0.5, batchLoss: 1), state: &state)
        var logs = sampleLogs()
        bar.onEpochEnd(&logs, state: &state)
        #expect(written == [ProgressBar.line(sampleLogs(), epochs: 50) + "\n"])
    }

    @Test func bar() {
        // Keras: int(30 · 781/1563) = 14 cells, the last one the arrow.
        #expect(ProgressBar.bar(done: 781, total: 1563) == " 781/1563 [=============>................]")
        #expect(ProgressBar.bar(done: 1563, total: 1563) == "1563/1563 [==============================]")
    }

    @Test func jsonLine() {
        var logs = EpochLogs()
        logs["epoch"] = 2
        logs["loss"] = 0.5
        logs["val_loss"] = .nan
        #expect(logs.jsonLine() == #"{"epoch": 2, "loss": 0.5, "val_loss": null}"#)
    }
}
