import CDNNL

/// oneDNN softmax descriptors over axis 1 of (N, classes).
public enum SoftmaxPrimitives {
    public static func forward(data: MemoryDesc, training: Bool, engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_softmax_desc_t()
        var d = data.raw
        try dnnlCheck(dnnl_softmax_forward_desc_init(
            &desc, training ? dnnl_forward_training : dnnl_forward_inference, &d, 1), "describe a softmax")
        return try PrimitiveDescriptor(&desc, engine: engine, operation: "softmax forward")
    }

    /// Gradient given the softmax output (DNNL_ARG_DST) and its gradient.
    public static func backward(diff: MemoryDesc, data: MemoryDesc, hint: PrimitiveDescriptor,
                                engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_softmax_desc_t()
        var (g, d) = (diff.raw, data.raw)
        try dnnlCheck(dnnl_softmax_backward_desc_init(&desc, &g, &d, 1), "describe a softmax backward")
        return try PrimitiveDescriptor(&desc, hint: hint, engine: engine, operation: "softmax backward")
    }
}
