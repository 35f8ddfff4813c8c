import CDNNL

/// A oneDNN primitive descriptor: the implementation oneDNN chose for an operation, and the
/// memory layouts it wants for each argument.
public final class PrimitiveDescriptor {
    let raw: dnnl_primitive_desc_t
    /// Where the primitive runs and its scratchpad lives.
    let engine: Engine

    /// Creates the descriptor for an operation descriptor (`dnnl_convolution_desc_t`, …).
    /// Backward operations pass the forward descriptor as `hint`.
    init<OpDesc>(_ opDesc: inout OpDesc, attributes: Attributes? = nil, hint: PrimitiveDescriptor? = nil,
                 engine: Engine, operation: String) throws {
        var pd: dnnl_primitive_desc_t?
        let attributes = attributes ?? Attributes()
        try withExtendedLifetime((attributes, hint)) {
            try withUnsafePointer(to: &opDesc) { op in
                try dnnlCheck(dnnl_primitive_desc_create(&pd, UnsafeRawPointer(op), attributes.raw, engine.raw, hint?.raw),
                              "create a primitive for \(operation)")
            }
        }
        raw = pd!
        self.engine = engine
        engine.implementations.insert(implementation)
    }

    init(adopting raw: dnnl_primitive_desc_t, engine: Engine) {
        self.raw = raw
        self.engine = engine
        engine.implementations.insert(implementation)
    }

    /// The name of the implementation oneDNN chose, e.g. `jit:avx2` or `ref:any` (its slow reference code).
    public var implementation: String {
        var name: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(raw, dnnl_query_impl_info_str, 0, &name) == dnnl_success, let name else { return "?" }
        return String(cString: name)
    }

    deinit { dnnl_primitive_desc_destroy(raw) }

    /// The layout the implementation uses for `query` (e.g. `dnnl_query_src_md`).
    public func desc(_ query: dnnl_query_t, _ index: Int32 = 0) -> MemoryDesc {
        MemoryDesc(raw: dnnl_primitive_desc_query_md(raw, query, index).pointee)
    }

    public var src: MemoryDesc { desc(dnnl_query_src_md) }
    public var dst: MemoryDesc { desc(dnnl_query_dst_md) }
    public var weights: MemoryDesc { desc(dnnl_query_weights_md) }
    public var bias: MemoryDesc { desc(dnnl_query_weights_md, 1) }
    public var diffSrc: MemoryDesc { desc(dnnl_query_diff_src_md) }
    public var diffDst: MemoryDesc { desc(dnnl_query_diff_dst_md) }
    public var diffWeights: MemoryDesc { desc(dnnl_query_diff_weights_md) }
    public var diffBias: MemoryDesc { desc(dnnl_query_diff_weights_md, 1) }
    public var workspace: MemoryDesc { desc(dnnl_query_workspace_md) }
    /// The primitive's own scratch memory (`Attributes` ask for it in user mode); zero bytes when it needs none.
    public var scratchpad: MemoryDesc { desc(dnnl_query_scratchpad_md) }
}

/// Primitive attributes: fused post-operations such as a ReLU after a convolution.
///
/// Every primitive BatchLab creates keeps its scratch memory to itself (`dnnl_scratchpad_mode_user`),
/// rather than sharing oneDNN's per-thread scratchpad with every other primitive: `Primitive`
/// allocates it and clears it before each run, so what a primitive computes depends on its
/// inputs alone, never on what ran before it (a resumed run repeats an uninterrupted one).
public final class Attributes {
    let raw: dnnl_primitive_attr_t

    public init() {
        var attr: dnnl_primitive_attr_t?
        dnnl_primitive_attr_create(&attr)
        raw = attr!
        dnnl_primitive_attr_set_scratchpad_mode(raw, dnnl_scratchpad_mode_user)
    }

    deinit { dnnl_primitive_attr_destroy(raw) }

    /// Attributes that apply `max(x, 0)` to the primitive's output.
    public static func fusedReLU() -> Attributes {
        let attributes = Attributes()
        var postOps: dnnl_post_ops_t?
        dnnl_post_ops_create(&postOps)
        dnnl_post_ops_append_eltwise(postOps, 1, dnnl_eltwise_relu, 0, 0)
        dnnl_primitive_attr_set_post_ops(attributes.raw, postOps)
        dnnl_post_ops_destroy(postOps)
        return attributes
    }
}
