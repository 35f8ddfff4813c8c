import BatchLabTraining
import CMPI
import Foundation

/// One MPI communicator as a `Collective`: the whole job (`MPIWorld.communicator`) or a group
/// split from it (`split(color:)`), with the point-to-point messages a sweep's ranks exchange.
/// Calls report errors rather than abort (`MPI_ERRORS_RETURN`).
public final class MPICommunicator: Collective {
    public let rank: Int
    public let size: Int
    private var handle: MPI_Comm

    init(_ handle: MPI_Comm) {
        self.handle = handle
        MPI_Comm_set_errhandler(handle, batchlab_mpi_errors_return())
        var (rank, size): (Int32, Int32) = (0, 0)
        MPI_Comm_rank(handle, &rank)
        MPI_Comm_size(handle, &size)
        (self.rank, self.size) = (Int(rank), Int(size))
    }

    /// Returns once every rank has called it (`MPI_Barrier`).
    public func barrier() throws {
        try Self.check(MPI_Barrier(handle), "MPI_Barrier")
    }

    public func sum(_ values: UnsafeMutableBufferPointer<Float>) throws {
        guard let count = Int32(exactly: values.count) else { throw CollectiveError("\(values.count) values are more than one MPI call sends") }
        try Self.check(MPI_Allreduce(batchlab_mpi_in_place(), values.baseAddress, count, batchlab_mpi_float(), batchlab_mpi_sum(), handle),
                       "MPI_Allreduce")
    }

    public func reduce(_ values: UnsafeMutableBufferPointer<Double>, _ operation: ReduceOperation) throws {
        let op = switch operation {
        case .sum: batchlab_mpi_sum()
        case .maximum: batchlab_mpi_max()
        }
        try Self.check(MPI_Allreduce(batchlab_mpi_in_place(), values.baseAddress, Int32(values.count), batchlab_mpi_double(), op, handle),
                       "MPI_Allreduce")
    }

    /// Each rank's host name (`MPI_Get_processor_name`), in rank order.
    public func hostNames() throws -> [String] {
        let width = Int(MPI_MAX_PROCESSOR_NAME)
        var mine = [CChar](repeating: 0, count: width)
        var length: Int32 = 0
        try Self.check(MPI_Get_processor_name(&mine, &length), "MPI_Get_processor_name")
        var all = [CChar](repeating: 0, count: width * size)
        try Self.check(MPI_Allgather(&mine, Int32(width), batchlab_mpi_char(), &all, Int32(width), batchlab_mpi_char(), handle),
                       "MPI_Allgather")
        return (0..<size).map { rank in
            let name = all[(rank * width)..<((rank + 1) * width)].prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            return String(decoding: name, as: UTF8.self)
        }
    }

    /// The group of ranks that gave the same `color` (`MPI_Comm_split`), ordered by rank here;
    /// nil for a rank that gave nil. Every rank must call it.
    public func split(color: Int?) throws -> MPICommunicator? {
        var group: MPI_Comm? = nil
        try Self.check(MPI_Comm_split(handle, color.map(Int32.init) ?? MPI_UNDEFINED, Int32(rank), &group), "MPI_Comm_split")
        guard let group, group != batchlab_mpi_comm_null() else { return nil }
        return MPICommunicator(group)
    }

    /// `bytes` of rank `root` on every rank (`MPI_Bcast` of the length, then of the bytes); the
    /// other ranks' `bytes` are ignored.
    public func broadcast(_ bytes: [UInt8], from root: Int) throws -> [UInt8] {
        var count = Int64(bytes.count)
        try Self.check(MPI_Bcast(&count, 1, batchlab_mpi_int64(), Int32(root), handle), "MPI_Bcast")
        var received = rank == root ? bytes : [UInt8](repeating: 0, count: Int(count))
        try Self.check(MPI_Bcast(&received, Int32(count), batchlab_mpi_byte(), Int32(root), handle), "MPI_Bcast")
        return received
    }

    /// Sends `bytes` to rank `destination` with `tag` (`MPI_Send`); returns once the buffer is free.
    public func send(_ bytes: [UInt8], to destination: Int, tag: Int32) throws {
        guard let count = Int32(exactly: bytes.count) else { throw CollectiveError("a message of \(bytes.count) bytes is more than one MPI call sends") }
        try Self.check(MPI_Send(bytes, count, batchlab_mpi_byte(), Int32(destination), tag, handle), "MPI_Send")
    }

    /// The next message with `tag` from `source` (any rank when nil) if one has arrived, with the
    /// rank that sent it; nil at once otherwise (`MPI_Iprobe`, then `MPI_Recv`). Messages from one
    /// rank arrive in the order it sent them.
    public func receiveIfArrived(from source: Int? = nil, tag: Int32) throws -> (source: Int, bytes: [UInt8])? {
        var arrived: Int32 = 0
        var status = MPI_Status()
        try Self.check(MPI_Iprobe(source.map(Int32.init) ?? MPI_ANY_SOURCE, tag, handle, &arrived, &status), "MPI_Iprobe")
        guard arrived != 0 else { return nil }
        var count: Int32 = 0
        try Self.check(MPI_Get_count(&status, batchlab_mpi_byte(), &count), "MPI_Get_count")
        var bytes = [UInt8](repeating: 0, count: Int(count))
        try Self.check(MPI_Recv(&bytes, count, batchlab_mpi_byte(), status.MPI_SOURCE, tag, handle, &status), "MPI_Recv")
        return (Int(status.MPI_SOURCE), bytes)
    }

    /// Waits for the next message with `tag` from `source`, looking every millisecond (Open MPI's
    /// blocking receive would keep a core busy meanwhile); nil once `giveUp()` says so.
    public func receive(from source: Int? = nil, tag: Int32, giveUp: () -> Bool = { false }) throws -> (source: Int, bytes: [UInt8])? {
        while !giveUp() {
            if let message = try receiveIfArrived(from: source, tag: tag) { return message }
            usleep(1_000)
        }
        return nil
    }

    static func check(_ code: Int32, _ call: String) throws {
        guard code == MPI_SUCCESS else {
            var text = [CChar](repeating: 0, count: Int(MPI_MAX_ERROR_STRING))
            var length: Int32 = 0
            MPI_Error_string(code, &text, &length)
            throw CollectiveError("\(call) failed: \(String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
    }
}

extension MPICommunicator {
    /// The median over `repeats` of the time an allreduce of `count` floats takes, each the
    /// slowest rank's (a barrier before each), after `warmup` untimed ones; the same on every rank.
    public func timeAllreduce(count: Int, repeats: Int, warmup: Int = 5) throws -> Double {
        var buffer = [Float](repeating: 1, count: count)
        var times: [Double] = []
        for index in 0..<(warmup + repeats) {
            try barrier()
            let started = DispatchTime.now().uptimeNanoseconds
            try buffer.withUnsafeMutableBufferPointer { try sum($0) }
            var elapsed = [Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9]
            try elapsed.withUnsafeMutableBufferPointer { try reduce($0, .maximum) }
            if index >= warmup { times.append(elapsed[0]) }
        }
        times.sort()
        return times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    }
}
