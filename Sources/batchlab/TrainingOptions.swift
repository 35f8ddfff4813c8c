import ArgumentParser
import BatchLabData
import BatchLabNN
import BatchLabOptim

/// The flags that define what is trained and on what: model, optimizer, lr, batch size, data.
struct TrainingOptions: ParsableArguments {
    @OptionGroup var modelOptions: ModelOptions
    @Option(help: "Learning rate (the base rate when --scale-lr is set and --base-lr is not).") var lr: Float = 0.001
    @Option(help: "Examples per training step.") var batchSize = 32
    @Option(help: "Passes over the training set.") var epochs = 50
    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        guard lr.isFinite, lr > 0 else { throw ValidationError("--lr must be a positive number (got \(lr))") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be ≥ 1 (got \(batchSize))") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1 (got \(epochs))") }
    }

    var model: String { modelOptions.model }
    var optimizer: ModelOptions.OptimizerName { modelOptions.optimizer }
    var seed: UInt64 { modelOptions.seed }
    var threads: Int? { modelOptions.threads }
    var optimizerParameters: [String: Double] { modelOptions.optimizerParameters }
    var data: String? {
        get { dataOptions.data }
        set { dataOptions.data = newValue }
    }
    var subset: Int? { dataOptions.subset }
    var validationSplit: Double? { dataOptions.validationSplit }
    var preprocessing: Preprocessing { dataOptions.preprocessing }

    func makeOptimizer(learningRate: Float, threads: Int) -> any Optimizer {
        modelOptions.makeOptimizer(learningRate: learningRate, threads: threads)
    }

    func splitData(_ cifar: CIFAR10) throws -> (train: ImageDataset, validation: ImageDataset) {
        try dataOptions.splitData(cifar)
    }
}
