import BatchLabDistributed
import BatchLabExperiments
import BatchLabTracking
import BatchLabTraining
import Foundation

extension SweepOptions {
    /// A sweep under `mpirun` (or `srun`): rank 0 gets the execution that hands the runs out to
    /// the other ranks, in groups of `--ranks-per-run`; every other rank trains the runs it is
    /// given until the sweep ends, then gets nil.
    func sweeps(in world: MPIWorld, ranksPerRun perRun: Int, stop: StopSignal) throws -> SweepExecution? {
        guard parallel == nil else {
            throw CommandError("--parallel: under mpirun the ranks train one run per --ranks-per-run ranks; leave --parallel out")
        }
        guard (world.size - 1).isMultiple(of: perRun) else {
            throw CommandError("--ranks-per-run \(perRun): rank 0 holds the queue and the store, so the job needs 1 + a multiple of "
                               + "\(perRun) ranks (it has \(world.size))")
        }
        let hosts = try world.communicator.hostNames()
        let group = try world.communicator.split(color: world.rank == 0 ? nil : (world.rank - 1) / perRun)
        guard world.rank == 0 else {
            // The host's cores are shared by the worker ranks on it (rank 0 mostly waits).
            let workersHere = (1..<world.size).filter { hosts[$0] == hosts[world.rank] }.count
            let threads = threadsPerRun ?? max(1, ProcessInfo.processInfo.activeProcessorCount / workersHere)
            try SweepWorker(world: world.communicator, group: perRun > 1 ? group : nil, threads: threads, version: BatchLab.version,
                            stop: stop) { [storePath] in SweepExecution.logDirectory(study: $0, storePath: storePath) }.run()
            return nil
        }
        var execution = sweeps(stop: stop)
        let capacity = (world.size - 1) / perRun
        let description = perRun == 1 ? "\(capacity) at a time, one per MPI rank after rank 0"
            : "\(capacity) at a time, each data-parallel on \(perRun) MPI ranks after rank 0"
        execution.ranks = SweepExecution.RankPlacement(capacity: capacity, ranksPerRun: perRun, description: description) { [storePath, data] study, _ in
            let workers = RankWorkers(world: world.communicator, ranksPerRun: perRun, hosts: hosts, store: try SQLiteRunStore(path: storePath),
                                      study: study)
            workers.resumedDataFolder = data
            return workers
        }
        return execution
    }
}
