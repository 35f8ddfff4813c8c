import ArgumentParser
import BatchLabConfig
import BatchLabData

/// Which images: the CIFAR-10 folder, a subset, a validation split and the pixel preprocessing.
struct DataOptions: ParsableArguments {
    @Option(help: "CIFAR-10 binary folder (default: $BATCHLAB_DATA, else ~/.cache/batchlab/cifar-10-batches-bin).") var data: String?
    @Option(parsing: .unconditional, help: "Train on the first N training images only.") var subset: Int?
    @Option(parsing: .unconditional, help: "Hold out this fraction of the training set for validation instead of using the test set.") var validationSplit: Double?
    @Option(help: "Pixel preprocessing: scale ([0, 1]) or standardize (per-channel; default \(defaults.data.preprocessing.rawValue)).")
    var preprocessing: Preprocessing?

    func apply(to overrides: inout FlagOverrides) {
        overrides.set(given: data, "--data", "data.folder", \.data.folder)
        overrides.set(given: subset, "--subset", "data.subset", \.data.subset)
        overrides.set(given: validationSplit, "--validation-split", "data.validation_split", \.data.validationSplit)
        overrides.set(preprocessing, "--preprocessing", "data.preprocessing", \.data.preprocessing)
    }
}

extension Preprocessing: ExpressibleByArgument {}
