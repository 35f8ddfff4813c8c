import ArgumentParser
import BatchLabConfig

/// `--scale-lr`: the learning rate for this batch size from one tuned at another.
struct ScalingOptions: ParsableArguments {
    @Option(help: "Scale the learning rate with the batch size: linear (Goyal et al. 2017), sqrt or none (default \(defaults.lrScaling.rule.rawValue)).")
    var scaleLr: LearningRateScaling?
    @Option(parsing: .unconditional, help: "The batch size the base learning rate was tuned for (default \(defaults.lrScaling.baseBatchSize)).")
    var baseBatchSize: Int?
    @Option(parsing: .unconditional, help: "The learning rate tuned at --base-batch-size (default: --lr).") var baseLr: Double?

    func apply(to overrides: inout FlagOverrides) {
        overrides.set(scaleLr, "--scale-lr", "lr_scaling.rule", \.lrScaling.rule)
        overrides.set(baseBatchSize, "--base-batch-size", "lr_scaling.base_batch_size", \.lrScaling.baseBatchSize)
        overrides.set(given: baseLr, "--base-lr", "lr_scaling.base_lr", \.lrScaling.baseLR)
    }
}
