import ArgumentParser
import BatchLabCore
import BatchLabData
import BatchLabNN
import BatchLabOptim
import Foundation

/// The flags that define what is trained and on what: model, optimizer, lr, batch size, data.
struct TrainingOptions: ParsableArguments {
    enum OptimizerName: String, ExpressibleByArgument, CaseIterable { case adam, sgd }

    @Option(help: "Model to train (see `batchlab models`).") var model = "seed-cnn"
    @Option(help: "Learning rate (the base rate when --scale-lr is set and --base-lr is not).") var lr: Float = 0.001
    @Option(help: "Examples per training step.") var batchSize = 32
    @Option(help: "Passes over the training set.") var epochs = 50
    @Option(help: "adam (Keras defaults) or sgd.") var optimizer: OptimizerName = .adam
    @Option(help: "SGD momentum.") var momentum: Float = 0
    @Flag(help: "Use Nesterov momentum with SGD.") var nesterov = false
    @Option(help: "Seed for initial weights, shuffling and dropout.") var seed: UInt64 = 0
    @Option(help: "Threads for the math (default: all cores).") var threads: Int?
    @Option(help: "CIFAR-10 binary folder (default: $BATCHLAB_DATA, else ~/.cache/batchlab/cifar-10-batches-bin).") var data: String?
    @Option(help: "Train on the first N training images only.") var subset: Int?
    @Option(help: "Hold out this fraction of the training set for validation instead of using the test set.") var validationSplit: Double?
    @Option(help: "Pixel preprocessing: scale ([0, 1]) or standardize (per-channel).") var preprocessing: Preprocessing = .scale

    func validate() throws {
        guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number (got \(lr))") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be ≥ 1 (got \(batchSize))") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1 (got \(epochs))") }
        guard Models.named(model) != nil else {
            throw ValidationError("unknown --model '\(model)'; choose one of \(Models.all.map(\.name).joined(separator: ", "))")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1 (got \(threads))") }
        if let subset, subset < 1 { throw ValidationError("--subset must be ≥ 1 (got \(subset))") }
        if let validationSplit, !(validationSplit > 0 && validationSplit < 1) {
            throw ValidationError("--validation-split must be between 0 and 1 (got \(validationSplit))")
        }
        guard momentum >= 0, momentum < 1 else { throw ValidationError("--momentum must be in [0, 1) (got \(momentum))") }
    }

    func makeOptimizer(learningRate: Float, threads: Int) -> any Optimizer {
        switch optimizer {
        case .adam: Adam(learningRate: learningRate, threads: threads)
        case .sgd: SGD(learningRate: learningRate, momentum: momentum, nesterov: nesterov)
        }
    }

    var optimizerParameters: [String: Double] {
        switch optimizer {
        case .adam: ["beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7]
        case .sgd: ["momentum": Double(momentum), "nesterov": nesterov ? 1 : 0]
        }
    }

    /// Training and validation sets after --subset, --validation-split and --preprocessing.
    func splitData(_ cifar: CIFAR10) throws -> (train: ImageDataset, validation: ImageDataset) {
        var train = cifar.train, validation = cifar.test
        if let subset {
            guard subset <= train.count else {
                throw CommandError("--subset \(subset) is larger than the \(train.count.formatted()) training images")
            }
            train = train.subset(0..<subset)
        }
        if let validationSplit {
            let held = Int((Double(train.count) * validationSplit).rounded())
            guard held >= 1, held < train.count else {
                throw CommandError("--validation-split \(validationSplit) leaves no training or no validation images")
            }
            // As Keras: the last fraction of the training data, before shuffling.
            validation = train.subset((train.count - held)..<train.count)
            train = train.subset(0..<(train.count - held))
        }
        if preprocessing == .standardize {
            let statistics = train.channelStatistics()
            let transform = PixelTransform.standardizing(mean: statistics.mean, std: statistics.std)
            train.transform = transform
            validation.transform = transform
        }
        return (train, validation)
    }
}

extension Preprocessing: ExpressibleByArgument {}
