import BatchLabConfig
import BatchLabData
import Foundation

extension DataSettings {
    /// The CIFAR-10 folder: `folder`, else $BATCHLAB_DATA, else the cache.
    public var directory: URL { DataDirectory.resolve(flag: folder) }

    /// CIFAR-10 from `directory`, split into training and validation sets.
    public func load() throws -> (train: ImageDataset, validation: ImageDataset) {
        try split(try CIFAR10.load(from: directory))
    }

    /// Training and validation sets after `subset`, `validation_split` and `preprocessing`.
    public func split(_ cifar: CIFAR10) throws(ConfigurationError) -> (train: ImageDataset, validation: ImageDataset) {
        var train = cifar.train, validation = cifar.test
        if let subset {
            guard subset <= train.count else {
                throw ConfigurationError(key: "data.subset", "\(subset) is larger than the \(train.count.formatted()) training images")
            }
            train = train.subset(0..<subset)
        }
        if let validationSplit {
            let held = Int((Double(train.count) * validationSplit).rounded())
            guard held >= 1, held < train.count else {
                throw ConfigurationError(key: "data.validation_split", "\(validationSplit) leaves no training or no validation images")
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
