/// The activation applied to a Conv2D or Dense output.
public enum Activation: String, CaseIterable, Sendable {
    case linear
    /// max(x, 0), fused into the layer's primitive as a oneDNN post-op.
    case relu
    /// exp(x_i) / Σ exp(x_j) over the last axis; runs as a separate `Softmax` layer.
    case softmax
}
