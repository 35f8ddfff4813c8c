import CDNNL

/// oneDNN batch-normalization descriptors with a learned scale (γ) and shift (β).
/// Data (N, C) or (N, C, H, W); statistics and scale/shift are per channel, shape (C).
public enum BatchNormPrimitives {
    static let flags = UInt32(dnnl_use_scale.rawValue | dnnl_use_shift.rawValue)

    /// Training mode computes the batch mean and variance (DNNL_ARG_MEAN / VARIANCE as outputs);
    /// inference mode reads them as inputs (`use_global_stats`).
    public static func forward(data: MemoryDesc, epsilon: Float, training: Bool,
                               engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_batch_normalization_desc_t()
        var d = data.raw
        let flags = training ? flags : flags | UInt32(dnnl_use_global_stats.rawValue)
        try dnnlCheck(dnnl_batch_normalization_forward_desc_init(
            &desc, training ? dnnl_forward_training : dnnl_forward_inference, &d, epsilon, flags),
            "describe a batch normalization")
        return try PrimitiveDescriptor(&desc, engine: engine, operation: "batch normalization forward")
    }

    /// Gradients with respect to the data, scale and shift.
    public static func backward(diff: MemoryDesc, data: MemoryDesc, epsilon: Float, hint: PrimitiveDescriptor,
                                engine: Engine) throws -> PrimitiveDescriptor {
        var desc = dnnl_batch_normalization_desc_t()
        var (g, d) = (diff.raw, data.raw)
        try dnnlCheck(dnnl_batch_normalization_backward_desc_init(&desc, dnnl_backward, &g, &d, epsilon, flags),
                      "describe a batch normalization backward")
        return try PrimitiveDescriptor(&desc, hint: hint, engine: engine, operation: "batch normalization backward")
    }
}
