/// The processes that train one run together, data-parallel (an MPI communicator, as Horovod's
/// and PyTorch DDP's process groups). Every member calls the same collectives in the same order;
/// each call returns once all members have made it.
public protocol Collective: AnyObject {
    /// This member's index, 0 ..< `size`. Rank 0 prints, records and writes checkpoints.
    var rank: Int { get }
    /// How many members train the run.
    var size: Int { get }
    /// Replaces each element by its sum over the members (`MPI_Allreduce` with `MPI_SUM`, in place).
    func sum(_ values: UnsafeMutableBufferPointer<Float>) throws
    /// Replaces each element by its sum or maximum over the members.
    func reduce(_ values: UnsafeMutableBufferPointer<Double>, _ operation: ReduceOperation) throws
}

/// How `Collective.reduce` combines the members' values.
public enum ReduceOperation: Sendable {
    case sum, maximum
}

extension Collective {
    /// `values` summed or maximised over the members.
    public func reduce(_ values: [Double], _ operation: ReduceOperation) throws -> [Double] {
        var values = values
        try values.withUnsafeMutableBufferPointer { try reduce($0, operation) }
        return values
    }

    /// The part of `count` examples this member computes: split as evenly as possible, the
    /// first `count % size` members taking one more. It may be empty when `count < size`.
    public func share(of count: Int) -> Range<Int> {
        Self.share(of: count, rank: rank, size: size)
    }

    /// Member `rank`'s part of `count` examples split over `size` members.
    public static func share(of count: Int, rank: Int, size: Int) -> Range<Int> {
        precondition(size >= 1 && (0..<size).contains(rank) && count >= 0)
        let (base, extra) = count.quotientAndRemainder(dividingBy: size)
        let start = rank * base + min(rank, extra)
        return start..<(start + base + (rank < extra ? 1 : 0))
    }
}

/// The members would not train the same run: other settings, data, weights or layouts on one
/// of them. A misconfiguration, not an interruption.
public struct MembersDisagree: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Collectives fail when a member has gone (MPI reports it, or ends the job).
public struct CollectiveError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
