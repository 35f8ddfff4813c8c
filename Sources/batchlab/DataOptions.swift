import ArgumentParser
import BatchLabData
import Foundation

/// Which images: the CIFAR-10 folder, a subset, a validation split and the pixel preprocessing.
struct DataOptions: ParsableArguments {
    @Option(help: "CIFAR-10 binary folder (default: $BATCHLAB_DATA, else ~/.cache/batchlab/cifar-10-batches-bin).") var data: String?
    @Option(help: "Train on the first N training images only.") var subset: Int?
    @Option(help: "Hold out this fraction of the training set for validation instead of using the test set.") var validationSplit: Double?
    @Option(help: "Pixel preprocessing: scale ([0, 1]) or standardize (per-channel).") var preprocessing: Preprocessing = .scale

    func validate() throws {
        if let subset, subset < 1 { throw ValidationError("--subset must be ≥ 1 (got \(subset))") }
        if let validationSplit, !(validationSplit > 0 && validationSplit < 1) {
            throw ValidationError("--validation-split must be between 0 and 1 (got \(validationSplit))")
        }
    }

    /// CIFAR-10 from `--data` (or its default), split into training and validation sets.
    func load() throws -> (directory: URL, train: ImageDataset, validation: ImageDataset) {
        let directory = DataDirectory.resolve(flag: data)
        let (train, validation) = try splitData(try CIFAR10.load(from: directory))
        return (directory, train, validation)
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
