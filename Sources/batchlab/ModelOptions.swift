import ArgumentParser
import BatchLabConfig

/// What is trained and how the weights move: model, optimizer, seed, threads. Shared by `train`,
/// `lr-find` and `noise-scale`.
struct ModelOptions: ParsableArguments {
    @Option(help: "Model to train (see `batchlab models`; default \(defaults.model.name); a layer list goes in a --config file).")
    var model: String?
    @Option(help: "\(OptimizerSettings.Kind.choices) (Keras defaults; default \(defaults.optimizer.name.rawValue)).")
    var optimizer: OptimizerSettings.Kind?
    @Option(parsing: .unconditional, help: "SGD momentum (default \(defaults.optimizer.momentum)).") var momentum: Double?
    @Flag(inversion: .prefixedNo, help: "Use Nesterov momentum with SGD.") var nesterov: Bool?
    @Option(parsing: .unconditional, help: "Adam: decoupled weight decay (AdamW); SGD: L2 as PyTorch's (default \(defaults.optimizer.weightDecay), off).")
    var weightDecay: Double?
    @Option(parsing: .unconditional, help: "Seed for initial weights, shuffling and dropout (default \(defaults.seed)).") var seed: UInt64?
    @Option(parsing: .unconditional, help: "Threads for the math (default: all cores).") var threads: Int?

    func apply(to overrides: inout FlagOverrides) {
        overrides.set(model.map(ModelConfiguration.named), "--model", "model", \.model)
        overrides.set(optimizer, "--optimizer", "optimizer.name", \.optimizer.name)
        overrides.set(momentum, "--momentum", "optimizer.momentum", \.optimizer.momentum)
        overrides.set(nesterov, "--nesterov", "optimizer.nesterov", \.optimizer.nesterov)
        overrides.set(weightDecay, "--weight-decay", "optimizer.weight_decay", \.optimizer.weightDecay)
        overrides.set(seed, "--seed", "seed", \.seed)
        overrides.set(given: threads, "--threads", "threads", \.threads)
    }
}

/// The defaults flags' help texts quote; they are declared in `RunConfiguration`.
let defaults = RunConfiguration()

extension OptimizerSettings.Kind: ExpressibleByArgument {}
extension ScheduleSettings.Kind: ExpressibleByArgument {}
extension LearningRateScaling: ExpressibleByArgument {}
