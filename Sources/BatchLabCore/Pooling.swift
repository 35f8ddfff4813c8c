import CDNNL

/// oneDNN max-pooling descriptors. Shapes: src (N, C, H, W), dst (N, C, H', W').
/// Training-mode forward writes a workspace (the arg-max positions) that backward reads.
public enum PoolingPrimitives {
    public static func maxForward(src: MemoryDesc, dst: MemoryDesc, kernel: [Int], strides: [Int],
                                  training: Bool, engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_pooling_v2_desc_t()
        var (s, d) = (src.raw, dst.raw)
        let zeros = dims([0, 0])
        try dnnlCheck(dnnl_pooling_v2_forward_desc_init(
            &desc, training ? dnnl_forward_training : dnnl_forward_inference, dnnl_pooling_max,
            &s, &d, dims(strides), dims(kernel), zeros, zeros, zeros), "describe a max pooling")
        return try PrimitiveDescriptor(&desc, engine: engine, operation: "max pooling forward")
    }

    public static func maxBackward(diffSrc: MemoryDesc, diffDst: MemoryDesc, kernel: [Int], strides: [Int],
                                   hint: PrimitiveDescriptor, engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_pooling_v2_desc_t()
        var (s, d) = (diffSrc.raw, diffDst.raw)
        let zeros = dims([0, 0])
        try dnnlCheck(dnnl_pooling_v2_backward_desc_init(
            &desc, dnnl_pooling_max, &s, &d, dims(strides), dims(kernel), zeros, zeros, zeros),
            "describe a max pooling backward")
        return try PrimitiveDescriptor(&desc, hint: hint, engine: engine, operation: "max pooling backward")
    }
}
