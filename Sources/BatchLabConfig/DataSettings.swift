import Foundation
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

    /// The fraction held out when a run's validation numbers select something — a sweep's best
    /// run, the runs a rung keeps, the moment a target accuracy is reached — and the run names no
    /// split: the test set is then left for one measurement of the chosen setting.
    public static let selectionSplit = 0.1

    public init() {}

    /// These settings for a run whose validation numbers select something: validating on
    /// `selectionSplit` of the training set unless they name a split.
    public func heldOutForSelection() -> DataSettings {
        var settings = self
        settings.validationSplit = validationSplit ?? Self.selectionSplit
        return settings
    }

    /// Which images the validation numbers come from, for people: "the test set" or "10 % of the
    /// training set, held out".
    public static func validationSource(split: Double?) -> String {
        split.map { "\(($0 * 100).formatted(.number.precision(.significantDigits(1...3)))) % of the training set, held out" }
            ?? "the test set"
    }

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


