import BatchLabConfig
import BatchLabData
import BatchLabTracking
import BatchLabTraining
import Foundation

/// A run's final weights evaluated on CIFAR-10's test images, preprocessed as the run trained:
/// its last checkpoint, or, when EarlyStopping's `restore_best_weights` put the best epoch's
/// weights back at the end (Keras 3), those, which the checkpoint keeps with the callback's
/// state. What a selection on held-out training images reports, once, for the setting it chose.
public enum TestEvaluation {
    /// The epoch whose weights were measured, and loss and accuracy over the test images.
    public struct Measurement: Equatable {
        public var epoch: Int
        public var loss: Double
        public var accuracy: Double
        public var images: Int
    }

    public static func measure(_ record: RunRecord) throws -> Measurement {
        guard let configuration = record.configuration else {
            throw RunError("run \(record.id) was recorded before BatchLab kept configurations; it cannot be measured on the test set")
        }
        guard let folder = configuration.callbacks.checkpointDir else {
            throw RunError("run \(record.id) saved no checkpoint, so its weights cannot be measured on the test set")
        }
        let checkpoint = try TrainingCheckpoint.load(from: URL(fileURLWithPath: folder).appendingPathComponent("run-\(record.id)"))
        let cifar = try CIFAR10.load(from: configuration.data.directory)
        let (train, _) = try configuration.data.split(cifar)
        var test = cifar.test
        test.transform = train.transform
        let trainer = try configuration.makeTrainer()
        var callbacks = configuration.callbacks.plateauAndStopping(restoring: trainer.network) { _ in }
        let stepsPerEpoch = (train.count + configuration.batchSize - 1) / configuration.batchSize
        try checkpoint.restore(into: trainer, batchSize: configuration.batchSize, stepsPerEpoch: stepsPerEpoch, callbacks: &callbacks)
        var epoch = checkpoint.metadata.epoch
        if var stopping = callbacks.lazy.compactMap({ $0 as? EarlyStopping }).first, stopping.restoreBestWeights != nil,
           stopping.checkpointState.bestEpoch > 0, !stopping.checkpointTensors.isEmpty {
            var state = TrainingState(epochs: configuration.epochs, stepsPerEpoch: stepsPerEpoch, batchSize: configuration.batchSize,
                                      learningRate: trainer.learningRate)
            stopping.onTrainEnd(state: &state)
            epoch = stopping.checkpointState.bestEpoch
        }
        let measured = try trainer.evaluate(test, batchSize: configuration.batchSize)
        return Measurement(epoch: epoch, loss: measured.loss, accuracy: measured.accuracy, images: test.count)
    }
}
