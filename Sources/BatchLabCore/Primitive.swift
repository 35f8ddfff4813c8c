import CDNNL

/// A oneDNN primitive bound once to the tensors it reads and writes, ready to run every step.
public final class Primitive {
    let raw: dnnl_primitive_t
    private var arguments: [dnnl_exec_arg_t]
    /// Keeps the bound tensors alive as long as the primitive.
    private let tensors: [Tensor]

    /// Binds `descriptor` to tensors keyed by oneDNN argument (`DNNL_ARG_SRC`, …).
    public init(_ descriptor: PrimitiveDescriptor, arguments: [Int32: Tensor]) throws {
        var primitive: dnnl_primitive_t?
        try dnnlCheck(dnnl_primitive_create(&primitive, descriptor.raw), "create a primitive")
        raw = primitive!
        let sorted = arguments.sorted { $0.key < $1.key }
        self.arguments = sorted.map { dnnl_exec_arg_t(arg: $0.key, memory: $0.value.memory) }
        tensors = sorted.map(\.value)
    }

    deinit { dnnl_primitive_destroy(raw) }

    /// Submits the primitive to the engine's stream.
    public func execute(on engine: Engine) throws {
        try dnnlCheck(dnnl_primitive_execute(raw, engine.stream, Int32(arguments.count), &arguments), "run a primitive")
    }
}
