import BatchLabTraining
import CMPI
import Foundation

/// The MPI job this process belongs to, started by Open MPI's `mpirun` (or Slurm's `srun`), one
/// process per rank; its ranks talk through `communicator` (`MPI_COMM_WORLD`). Open MPI ends the
/// whole job when a rank dies.
public final class MPIWorld {
    /// All the job's ranks.
    public let communicator: MPICommunicator
    public var rank: Int { communicator.rank }
    public var size: Int { communicator.size }
    /// How many ranks share this rank's host (`MPI_Comm_split_type` with `MPI_COMM_TYPE_SHARED`).
    public let localSize: Int
    private var finalized = false
    /// Joins the MPI job when a launcher started this process as one of several (its
    /// environment says so: `launchedSize`); nil otherwise, without calling MPI at all. Refuses
    /// a job whose size MPI does not see (a launcher this Open MPI cannot talk to would make
    /// every process a job of its own).
    public static func joinIfLaunched(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MPIWorld? {
        guard let advertised = launchedSize(environment: environment), advertised > 1 else { return nil }
        let world = try MPIWorld()
        guard world.size == advertised else {
            throw CollectiveError("the launcher started \(advertised) processes but MPI sees \(world.size): start BatchLab with "
                                  + "Open MPI's mpirun, or srun --mpi=pmix")
        }
        return world
    }

    /// How many processes an MPI launcher started with this one, from the variables it sets:
    /// Open MPI's `OMPI_COMM_WORLD_SIZE`, PMI's `PMI_SIZE`, Slurm's `SLURM_NTASKS` beside PMIx's
    /// `PMIX_RANK`; nil when none did. A shell `srun --pty` opens has a size of 1.
    public static func launchedSize(environment: [String: String]) -> Int? {
        if let size = environment["OMPI_COMM_WORLD_SIZE"] ?? environment["PMI_SIZE"] { return Int(size) }
        if environment["PMIX_RANK"] != nil { return Int(environment["SLURM_NTASKS"] ?? "1") }
        return nil
    }

    /// Returns once every rank has called it (`MPI_Barrier`).
    public func barrier() throws { try communicator.barrier() }

    private init() throws {
        // Only the main thread calls MPI (oneDNN's OpenMP threads never do).
        var provided: Int32 = 0
        try MPICommunicator.check(MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided), "MPI_Init_thread")
        let communicator = MPICommunicator(batchlab_mpi_comm_world())
        self.communicator = communicator
        var host: MPI_Comm? = nil
        try MPICommunicator.check(MPI_Comm_split_type(batchlab_mpi_comm_world(), Int32(MPI_COMM_TYPE_SHARED), Int32(communicator.rank),
                                                      batchlab_mpi_info_null(), &host), "MPI_Comm_split_type")
        var local: Int32 = 0
        MPI_Comm_size(host, &local)
        MPI_Comm_free(&host)
        localSize = Int(local)
    }

    /// Leaves the job cleanly; every rank must call it (it waits for the others).
    public func finalize() {
        guard !finalized else { return }
        finalized = true
        MPI_Finalize()
    }

    /// Ends every rank of the job with `code` (`MPI_Abort`): after an error on one rank, the
    /// others would wait for it forever in their next collective.
    public func abort(code: Int32) -> Never {
        MPI_Abort(batchlab_mpi_comm_world(), code)
        exit(code)
    }
}
