import ArgumentParser
import BatchLabConfig

/// The flags that define what is trained and on what: model, optimizer, lr, batch size, data.
struct TrainingOptions: ParsableArguments {
    @OptionGroup var model: ModelOptions
    @Option(parsing: .unconditional, help: "Learning rate (the base rate when --scale-lr is set and --base-lr is not; default \(defaults.optimizer.lr)).")
    var lr: Double?
    @Option(parsing: .unconditional, help: "Examples per training step (default \(defaults.batchSize)).") var batchSize: Int?
    @Option(parsing: .unconditional, help: "Passes over the training set (default \(defaults.epochs)).") var epochs: Int?
    @OptionGroup var data: DataOptions

    func apply(to overrides: inout FlagOverrides) {
        model.apply(to: &overrides)
        overrides.set(lr, "--lr", "optimizer.lr", \.optimizer.lr)
        overrides.set(batchSize, "--batch-size", "batch_size", \.batchSize)
        overrides.set(epochs, "--epochs", "epochs", \.epochs)
        data.apply(to: &overrides)
    }
}
