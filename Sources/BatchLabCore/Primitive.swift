import CDNNL

/// A oneDNN primitive bound once to the tensors it reads and writes, ready to run every step.
public final class Primitive {
    let raw: dnnl_primitive_t
    private var arguments: [dnnl_exec_arg_t]
    /// Keeps the bound tensors alive as long as the primitive.
    private let tensors: [Tensor]
    /// The primitive's own scratch memory, cleared before every run; nil when it needs none
    /// (on AVX-512, oneDNN's brgemm inner products and convolutions ask for some; on AVX2 none do).
    let scratchpad: Tensor?

    /// Binds `descriptor` to tensors keyed by oneDNN argument (`DNNL_ARG_SRC`, …), and to a
    /// scratchpad of its own when it needs one.
    public init(_ descriptor: PrimitiveDescriptor, arguments: [Int32: Tensor]) throws {
        var primitive: dnnl_primitive_t?
        try dnnlCheck(dnnl_primitive_create(&primitive, descriptor.raw), "create a primitive")
        raw = primitive!
        let scratch = descriptor.scratchpad
        scratchpad = scratch.byteCount > 0 ? Tensor(scratch, engine: descriptor.engine) : nil
        let sorted = (arguments.merging(scratchpad.map { [DNNL_ARG_SCRATCHPAD: $0] } ?? [:]) { bound, _ in bound })
            .sorted { $0.key < $1.key }
        self.arguments = sorted.map { dnnl_exec_arg_t(arg: $0.key, memory: $0.value.memory) }
        tensors = sorted.map(\.value)
    }

    deinit { dnnl_primitive_destroy(raw) }

    /// Submits the primitive to the engine's stream, its scratchpad zeroed first.
    public func execute(on engine: Engine) throws {
        scratchpad?.zero()
        try dnnlCheck(dnnl_primitive_execute(raw, engine.stream, Int32(arguments.count), &arguments), "run a primitive")
    }
}
