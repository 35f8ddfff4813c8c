import BatchLabData

/// Which images a run trains and validates on.
public struct DataSettings: Settings {
    /// The CIFAR-10 binary folder; nil: $BATCHLAB_DATA, else ~/.cache/batchlab/cifar-10-batches-bin.
    public var folder: String?
    /// Train on the first N training images only.
    public var subset: Int?
    /// Hold out this fraction of the training set for validation (Keras's `validation_split`: the
    /// last fraction, before shuffling) instead of validating on the test set.
    public var validationSplit: Double?
    public var preprocessing: Preprocessing = .scale

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("folder", \.folder), .init("subset", \.subset), .init("validation_split", \.validationSplit),
        .init("preprocessing", \.preprocessing),
    ]

    func validate() throws {
        if let subset { try require(subset, in: 1...Limits.trainingImages, "data.subset") }
        if let validationSplit {
            try require(validationSplit > 0 && validationSplit < 1, "data.validation_split", "must be between 0 and 1 (got \(validationSplit))")
        }
    }
}


