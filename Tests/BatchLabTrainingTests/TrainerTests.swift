import BatchLabCore
import BatchLabData
import BatchLabNN
import BatchLabOptim
import Testing
@testable import BatchLabTraining

/// 16 random 3×8×8 images with random labels among 4 classes: learnable only by memorising.
func tinyDataset() -> ImageDataset {
    var generator = SplitMix64(seed: 5)
    let pixels = (0..<(16 * 192)).map { _ in UInt8(generator.next() % 256) }
    let labels = (0..<16).map { _ in UInt8(generator.next() % 4) }
    return ImageDataset(pixels: pixels, labels: labels, exampleShape: [3, 8, 8], classCount: 4)
}

let tinyModel = Sequential(name: "tiny") {
    Conv2D(4, kernelSize: 3, padding: .same, activation: .relu)
    MaxPooling2D(poolSize: 2)
    Flatten()
    Dense(32, activation: .relu)
    Dropout(0.1)
    Dense(4, activation: .softmax)
}

func train(lr: Float, epochs: Int, seed: UInt64 = 1, batchSize: Int = 6) throws -> [EpochLogs] {
    let engine = try Engine(threads: 1)
    let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: engine, seed: seed)
    let trainer = Trainer(network: network, optimizer: Adam(), learningRate: lr, seed: seed)
    var callbacks: [any Callback] = []
    let data = tinyDataset()
    return try trainer.fit(data, validation: data, epochs: epochs, batchSize: batchSize, callbacks: &callbacks).history
}

@Suite struct TrainerTests {
    @Test func overfitsATinyDataset() throws {
        let history = try train(lr: 0.01, epochs: 60)
        let last = history.last!
        #expect(last["val_accuracy"] == 1)
        #expect(last["val_loss"]! < 0.1)
        #expect(last["loss"]! < history.first!["loss"]!)
    }

    @Test func divergentLearningRateReportsAFiniteClippedLoss() throws {
        let history = try train(lr: 10, epochs: 3)
        for logs in history {
            #expect(logs["loss"]!.isFinite && logs["loss"]! <= 16.12)
            #expect(logs["val_loss"]!.isFinite && logs["val_loss"]! <= 16.12)
        }
    }

    @Test func sameSeedSameNumbers() throws {
        let timing = Set(["seconds", "images_per_second", "peak_rss_mb", "tensor_memory_mb"])
        func numbers(_ history: [EpochLogs]) -> [Double] {
            history.flatMap { logs in logs.keys.filter { !timing.contains($0) }.map { logs[$0]! } }
        }
        let first = numbers(try train(lr: 0.003, epochs: 3, seed: 9))
        #expect(first == numbers(try train(lr: 0.003, epochs: 3, seed: 9)))
        #expect(first != numbers(try train(lr: 0.003, epochs: 3, seed: 10)))
    }

    @Test func logsEveryEpochWithKerasKeys() throws {
        let history = try train(lr: 0.01, epochs: 2)
        #expect(history.count == 2)
        #expect(history[1].keys == ["epoch", "step", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "seconds",
                                    "images_per_second", "peak_rss_mb", "tensor_memory_mb"])
    }
}
