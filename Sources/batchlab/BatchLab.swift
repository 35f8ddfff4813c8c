import ArgumentParser

@main
struct BatchLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batchlab",
        abstract: "Train CNNs on CIFAR-10 on the CPU and compare learning rates and batch sizes.",
        version: "0.1.0",
        subcommands: [Train.self, Bench.self, Models.self, DataCommand.self])
}
