import CDNNL

/// oneDNN convolution descriptors (2-D, direct algorithm).
///
/// Shapes: src (N, C, H, W), weights (O, C, kh, kw), bias (O), dst (N, O, H', W').
/// Padding is given per side: `paddingLow` (top, left) and `paddingHigh` (bottom, right).
public enum ConvolutionPrimitives {
    public struct Geometry {
        public var strides: [Int]
        public var paddingLow: [Int]
        public var paddingHigh: [Int]

        public init(strides: [Int], paddingLow: [Int], paddingHigh: [Int]) {
            self.strides = strides
            self.paddingLow = paddingLow
            self.paddingHigh = paddingHigh
        }
    }

    public static func forward(src: MemoryDesc, weights: MemoryDesc, bias: MemoryDesc, dst: MemoryDesc,
                               geometry g: Geometry, training: Bool, fuseReLU: Bool,
                               engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_convolution_desc_t()
        var (s, w, b, d) = (src.raw, weights.raw, bias.raw, dst.raw)
        try dnnlCheck(dnnl_convolution_forward_desc_init(
            &desc, training ? dnnl_forward_training : dnnl_forward_inference, dnnl_convolution_direct,
            &s, &w, &b, &d, dims(g.strides), dims(g.paddingLow), dims(g.paddingHigh)), "describe a convolution")
        return try PrimitiveDescriptor(&desc, attributes: fuseReLU ? .fusedReLU() : nil, engine: engine,
                                       operation: "convolution forward")
    }

    /// Gradient with respect to the convolution's input.
    public static func backwardData(diffSrc: MemoryDesc, weights: MemoryDesc, diffDst: MemoryDesc,
                                    geometry g: Geometry, hint: PrimitiveDescriptor,
                                    engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_convolution_desc_t()
        var (s, w, d) = (diffSrc.raw, weights.raw, diffDst.raw)
        try dnnlCheck(dnnl_convolution_backward_data_desc_init(
            &desc, dnnl_convolution_direct, &s, &w, &d, dims(g.strides), dims(g.paddingLow), dims(g.paddingHigh)),
            "describe a convolution backward-data")
        return try PrimitiveDescriptor(&desc, hint: hint, engine: engine, operation: "convolution backward-data")
    }

    /// Gradients with respect to the convolution's weights and bias.
    public static func backwardWeights(src: MemoryDesc, diffWeights: MemoryDesc, diffBias: MemoryDesc,
                                       diffDst: MemoryDesc, geometry g: Geometry, hint: PrimitiveDescriptor,
                                       engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_convolution_desc_t()
        var (s, w, b, d) = (src.raw, diffWeights.raw, diffBias.raw, diffDst.raw)
        try dnnlCheck(dnnl_convolution_backward_weights_desc_init(
            &desc, dnnl_convolution_direct, &s, &w, &b, &d, dims(g.strides), dims(g.paddingLow), dims(g.paddingHigh)),
            "describe a convolution backward-weights")
        return try PrimitiveDescriptor(&desc, hint: hint, engine: engine, operation: "convolution backward-weights")
    }
}

/// oneDNN dims from Swift integers.
func dims(_ values: [Int]) -> [dnnl_dim_t] { values.map { dnnl_dim_t($0) } }
