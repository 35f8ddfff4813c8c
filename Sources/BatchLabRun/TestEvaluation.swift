import BatchLabConfig
import BatchLabData
import BatchLabTracking
import BatchLabTraining
import Foundation

/// A run's final weights — its last checkpoint — evaluated on CIFAR-10's test images,
/// preprocessed as the run trained. What a selection on held-out training images reports, once,
/// for the setting it chose.
public enum TestEvaluation {
    /// The checkpoint's epoch, and loss and accuracy over the test images.
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
        var callbacks: [any Callback] = []
        try checkpoint.restore(into: trainer, batchSize: configuration.batchSize,
                               stepsPerEpoch: (train.count + configuration.batchSize - 1) / configuration.batchSize, callbacks: &callbacks)
        let measured = try trainer.evaluate(test, batchSize: configuration.batchSize)
        return Measurement(epoch: checkpoint.metadata.epoch, loss: measured.loss, accuracy: measured.accuracy, images: test.count)
    }
}
