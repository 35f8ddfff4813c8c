/// A run store that cannot be used, with what to do about it.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    case corrupt(String)
    case noSuchRun(Int64)
    case notResumable(Int64, status: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open the run store \(path): \(reason)"
        case let .corrupt(detail): "the run store holds unreadable data: \(detail)"
        case let .noSuchRun(id): "no run with id \(id) in the store (see `batchlab runs list`)"
        case let .notResumable(id, status):
            "run \(id) is \(status); only interrupted or failed runs can be resumed"
        }
    }
}
