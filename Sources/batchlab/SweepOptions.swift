import ArgumentParser
import BatchLabConfig
import BatchLabExperiments
import BatchLabTraining
import Foundation

/// How sweep and study runs are executed: processes, threads, data, store.
struct SweepOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Runs at once, each in its own process (default: one per core, at most the number of runs).") var parallel: Int?
    @Option(parsing: .unconditional, help: "Threads per run (default: cores / --parallel; under mpirun, cores / worker ranks on the host).") var threadsPerRun: Int?
    @Option(help: "CIFAR-10 binary folder (default: $BATCHLAB_DATA, else ~/.cache/batchlab/cifar-10-batches-bin).") var data: String?
    @OptionGroup var store: StoreOption

    func validate() throws {
        if let parallel, !(1...Limits.sweepRuns).contains(parallel) {
            throw ValidationError("--parallel must be from 1 to \(Limits.sweepRuns.formatted()) (got \(parallel))")
        }
        if let threadsPerRun, !(1...Limits.threads).contains(threadsPerRun) {
            throw ValidationError("--threads-per-run must be from 1 to \(Limits.threads.formatted()) (got \(threadsPerRun))")
        }
    }

    var storePath: String { store.path }

    /// The execution these flags ask for, drawing the live table and stopping at Ctrl-C.
    func sweeps(stop: StopSignal) -> SweepExecution {
        var execution = SweepExecution(executable: Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]),
                                       storePath: storePath, dataFolder: data, parallel: parallel, threadsPerRun: threadsPerRun,
                                       version: BatchLab.version)
        var table = SweepTable()
        execution.onUpdate = { table.update($0) }
        execution.stopSignal = { stop.received }
        return execution
    }
}
