import ArgumentParser

@main
struct BatchLab: AsyncParsableCommand {
    /// Recorded with every run.
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "batchlab",
        abstract: "Train CNNs on CIFAR-10 on the CPU and compare learning rates and batch sizes.",
        version: version,
        subcommands: [Train.self, LRFind.self, NoiseScale.self, Sweep.self, Study.self, Runs.self, Report.self, Serve.self, Bench.self, Models.self, DataCommand.self])
}
