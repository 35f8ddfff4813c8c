import CDNNL

/// The CPU engine and the in-order stream every primitive runs on, with an explicit thread count.
///
/// oneDNN in Debian uses the OpenMP runtime, so `threads` sets OpenMP's thread count for the
/// calling thread; BatchLab's own vectorised loops split their work into the same number of chunks.
public final class Engine {
    public let threads: Int
    let raw: dnnl_engine_t
    let stream: dnnl_stream_t
    /// The oneDNN implementations chosen for every primitive created on this engine.
    public internal(set) var implementations: Set<String> = []
    /// Bytes held by the tensors created on this engine (views excluded): weights, gradients,
    /// activations, workspaces. Not thread-safe: tensors are created and freed on one thread.
    public private(set) var tensorBytes = 0
    /// The most `tensorBytes` has been.
    public private(set) var peakTensorBytes = 0

    /// Creates the engine and stream; `threads` defaults to every core of the machine.
    public init(threads: Int? = nil) throws {
        let threads = threads ?? Engine.coreCount
        precondition(threads >= 1, "thread count must be at least 1")
        self.threads = threads
        omp_set_num_threads(Int32(threads))
        var engine: dnnl_engine_t?
        try dnnlCheck(dnnl_engine_create(&engine, dnnl_cpu, 0), "create the CPU engine")
        var stream: dnnl_stream_t?
        try dnnlCheck(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue), "create a stream")
        self.raw = engine!
        self.stream = stream!
    }

    deinit {
        dnnl_stream_destroy(stream)
        dnnl_engine_destroy(raw)
    }

    func trackTensorBytes(_ change: Int) {
        tensorBytes += change
        peakTensorBytes = max(peakTensorBytes, tensorBytes)
    }

    /// The number of cores this process may run on.
    public static var coreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Waits until every primitive submitted to the stream has finished.
    public func wait() {
        dnnl_stream_wait(stream)
    }
}

#if canImport(Glibc)
import Glibc
#endif
