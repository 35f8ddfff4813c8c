import CDNNL

/// oneDNN ReLU descriptors. Backward reads the forward *output* (`relu_use_dst_for_bwd`), so it
/// also serves a ReLU fused into a convolution or dense layer as a post-op.
public enum ReLUPrimitives {
    public static func forward(data: MemoryDesc, training: Bool, engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_eltwise_desc_t()
        var d = data.raw
        try dnnlCheck(dnnl_eltwise_forward_desc_init(
            &desc, training ? dnnl_forward_training : dnnl_forward_inference, dnnl_eltwise_relu_use_dst_for_bwd, &d, 0, 0),
            "describe a ReLU")
        return try PrimitiveDescriptor(&desc, engine: engine, operation: "ReLU forward")
    }

    /// Gradient of ReLU given its output `data` (DNNL_ARG_DST) and the output's gradient.
    public static func backward(diff: MemoryDesc, data: MemoryDesc, engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_eltwise_desc_t()
        var (g, d) = (diff.raw, data.raw)
        try dnnlCheck(dnnl_eltwise_backward_desc_init(&desc, dnnl_eltwise_relu_use_dst_for_bwd, &g, &d, 0, 0),
                      "describe a ReLU backward")
        let hint = try forward(data: data, training: true, engine: engine)
        return try PrimitiveDescriptor(&desc, hint: hint, engine: engine, operation: "ReLU backward")
    }
}
