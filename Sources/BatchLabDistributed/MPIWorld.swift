import BatchLabTraining
import CMPI
import Foundation

/// The MPI job this process belongs to, as a `Collective` over `MPI_COMM_WORLD`: started by Open
/// MPI's `mpirun` (or Slurm's `srun`), one process per rank. Collectives report errors rather than
/// abort (`MPI_ERRORS_RETURN`); Open MPI still ends the whole job when a rank dies.
public final class MPIWorld: Collective {
    public let rank: Int
    public let size: Int
    /// How many ranks share this rank's host (`MPI_Comm_split_type` with `MPI_COMM_TYPE_SHARED`).
    public let localSize: Int
    private let world: MPI_Comm
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
    public func barrier() throws {
        try Self.check(MPI_Barrier(world), "MPI_Barrier")
    }

    private init() throws {
        // Only the main thread calls MPI (oneDNN's OpenMP threads never do).
        var provided: Int32 = 0
        try Self.check(MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided), "MPI_Init_thread")
        world = batchlab_mpi_comm_world()
        MPI_Comm_set_errhandler(world, batchlab_mpi_errors_return())
        var (rank, size): (Int32, Int32) = (0, 0)
        MPI_Comm_rank(world, &rank)
        MPI_Comm_size(world, &size)
        (self.rank, self.size) = (Int(rank), Int(size))
        var host: MPI_Comm? = nil
        try Self.check(MPI_Comm_split_type(world, Int32(MPI_COMM_TYPE_SHARED), rank, batchlab_mpi_info_null(), &host), "MPI_Comm_split_type")
        var local: Int32 = 0
        MPI_Comm_size(host, &local)
        MPI_Comm_free(&host)
        localSize = Int(local)
    }

    public func sum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        guard let count = Int32(exactly: values.count) else { throw CollectiveError("\(values.count) values are more than one MPI call sends") }
        try Self.check(MPI_Allreduce(batchlab_mpi_in_place(), values.baseAddress, count, batchlab_mpi_float(), batchlab_mpi_sum(), world),
                       "MPI_Allreduce")
    }

    public func reduce(_ values: UnsafeMutableBufferPointer<Double>, _ operation: ReduceOperation) throws {
        let op = switch operation {
        case .sum: batchlab_mpi_sum()
        case .maximum: batchlab_mpi_max()
        }
        try Self.check(MPI_Allreduce(batchlab_mpi_in_place(), values.baseAddress, Int32(values.count), batchlab_mpi_double(), op, world),
                       "MPI_Allreduce")
    }

    /// Each rank's host name (`MPI_Get_processor_name`), in rank order.
    public func hostNames() throws -> [String] {
        let width = Int(MPI_MAX_PROCESSOR_NAME)
        var mine = [CChar](repeating: 0, count: width)
        var length: Int32 = 0
        try Self.check(MPI_Get_processor_name(&mine, &length), "MPI_Get_processor_name")
        var all = [CChar](repeating: 0, count: width * size)
        try Self.check(MPI_Allgather(&mine, Int32(width), batchlab_mpi_char(), &all, Int32(width), batchlab_mpi_char(), world),
                       "MPI_Allgather")
        return (0..<size).map { rank in
            let name = all[(rank * width)..<((rank + 1) * width)].prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return String(decoding: name, as: UTF8.self)
        }
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
        MPI_Abort(world, code)
        exit(code)
    }

    private static func check(_ code: Int32, _ call: String) throws {
        guard code == MPI_SUCCESS else {
            var text = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING))
            var length: Int32 = 0
            MPI_Error_string(code, &text, &length)
            throw CollectiveError("\(call) failed: \(String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
    }
}
