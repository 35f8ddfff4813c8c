import CDNNL

/// A failure reported by oneDNN, with the operation that was being set up or run.
public struct ComputeError: Error, CustomStringConvertible {
    public let operation: String
    public let status: String

    public var description: String { "oneDNN could not \(operation) (\(status))" }
}

/// Throws a `ComputeError` naming `operation` unless `status` is `dnnl_success`.
public func dnnlCheck(_ status: dnnl_status_t, _ operation: @autoclosure () -> String) throws {
    guard status != dnnl_success else { return }
    throw ComputeError(operation: operation(), status: statusName(status))
}

func statusName(_ status: dnnl_status_t) -> String {
    switch status {
    case dnnl_out_of_memory: "out of memory"
    case dnnl_invalid_arguments: "invalid arguments"
    case dnnl_unimplemented: "no implementation for these shapes and formats"
    case dnnl_runtime_error: "runtime error"
    default: "status \(status.rawValue)"
    }
}
