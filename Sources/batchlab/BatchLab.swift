import ArgumentParser
import BatchLabDistributed
import Foundation

@main
struct BatchLab: AsyncParsableCommand {
    /// Recorded with every run.
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "batchlab",
        abstract: "Train CNNs on CIFAR-10 on the CPU and compare learning rates and batch sizes.",
        version: version,
        subcommands: [Train.self, LRFind.self, NoiseScale.self, Sweep.self, Study.self, Scale.self, Runs.self, Report.self, Serve.self, Bench.self, Models.self,
                      DataCommand.self, AllreduceProbe.self])

    /// ArgumentParser's own `main`, except that only `train` and `sweep` run under an MPI
    /// launcher: any other command on several ranks would do its work once per rank.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if !(command is Train || command is Sweep || command is AllreduceProbe), (MPIWorld.launchedSize(environment: ProcessInfo.processInfo.environment) ?? 1) > 1 {
                throw CommandError("only `batchlab train` (data-parallel training) and `batchlab sweep` (runs spread over the ranks) "
                                   + "run under mpirun or srun; run this command without them")
            }
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
