import CDNNL

/// oneDNN inner-product (dense layer) descriptors.
///
/// Shapes: src (N, in), weights (out, in), bias (out), dst (N, out).
public enum InnerProductPrimitives {
    public static func forward(src: MemoryDesc, weights: MemoryDesc, bias: MemoryDesc, dst: MemoryDesc,
                               training: Bool, fuseReLU: Bool, engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_inner_product_desc_t()
        var (s, w, b, d) = (src.raw, weights.raw, bias.raw, dst.raw)
        try dnnlCheck(dnnl_inner_product_forward_desc_init(
            &desc, training ? dnnl_forward_training : dnnl_forward_inference, &s, &w, &b, &d),
            "describe an inner product")
        return try PrimitiveDescriptor(&desc, attributes: fuseReLU ? .fusedReLU() : nil, engine: engine,
                                       operation: "inner product forward")
    }

    /// Gradient with respect to the input.
    public static func backwardData(diffSrc: MemoryDesc, weights: MemoryDesc, diffDst: MemoryDesc,
                                    hint: PrimitiveDescriptor, engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_inner_product_desc_t()
        var (s, w, d) = (diffSrc.raw, weights.raw, diffDst.raw)
        try dnnlCheck(dnnl_inner_product_backward_data_desc_init(&desc, &s, &w, &d),
                      "describe an inner product backward-data")
        return try PrimitiveDescriptor(&desc, hint: hint, engine: engine, operation: "inner product backward-data")
    }

    /// Gradients with respect to weights and bias.
    public static func backwardWeights(src: MemoryDesc, diffWeights: MemoryDesc, diffBias: MemoryDesc,
                                       diffDst: MemoryDesc, hint: PrimitiveDescriptor,
                                       engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_inner_product_desc_t()
        var (s, w, b, d) = (src.raw, diffWeights.raw, diffBias.raw, diffDst.raw)
        try dnnlCheck(dnnl_inner_product_backward_weights_desc_init(&desc, &s, &w, &b, &d),
                      "describe an inner product backward-weights")
        return try PrimitiveDescriptor(&desc, hint: hint, engine: engine, operation: "inner product backward-weights")
    }
}
