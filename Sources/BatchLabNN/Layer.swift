import BatchLabCore

/// A layer of a model, as a value: its configuration and how to turn it into a kernel.
///
/// Shapes exclude the batch dimension: an image is (C, H, W), a feature vector (features).
public protocol Layer {
    /// A short description, e.g. `Conv2D(32, 3×3, same, relu)`.
    var summary: String { get }
    /// The shape this layer produces for an input of `inputShape`; throws on a shape it cannot take.
    func outputShape(for inputShape: [Int]) throws -> [Int]
    /// The trainable parameters (and state) this layer owns for an input of `inputShape`.
    func parameterSpecs(for inputShape: [Int]) -> [ParameterSpec]
    /// Builds the forward/backward kernel for one batch size, bound to its input tensor.
    func makeKernel(_ context: KernelContext) throws -> any LayerKernel
    /// The layers this one runs as: itself, or e.g. a Dense with softmax as Dense + Softmax.
    var lowered: [any Layer] { get }
}

extension Layer {
    public func parameterSpecs(for inputShape: [Int]) -> [ParameterSpec] { [] }
    public var lowered: [any Layer] { [self] }
}

/// What a kernel is built from: the engine, its input, where its input gradient goes, its parameters.
public struct KernelContext {
    public let engine: Engine
    /// The layer's input, batch dimension first.
    public let input: Tensor
    /// Where backward writes dL/d(input), in `input.desc`; nil when no one needs it (the first layer).
    public let inputGradient: Tensor?
    /// The parameters declared by `parameterSpecs`, in that order.
    public let parameters: [Parameter]
    /// Training kernels keep what backward needs; inference kernels skip dropout and use running statistics.
    public let training: Bool
    /// Seed for the layer's own randomness (dropout masks).
    public let seed: UInt64

    public var batchSize: Int { input.dims[0] }
}

/// A layer compiled for one batch size: primitives and buffers created once, run every step.
public protocol LayerKernel: AnyObject {
    /// The forward result, batch dimension first.
    var output: Tensor { get }
    /// Where the next layer's backward writes dL/d(output), in `output.desc` (training kernels only).
    var outputGradient: Tensor? { get }
    /// Computes `output` from the input; `position` says which step and examples it is (for dropout masks).
    func forward(at position: BatchPosition) throws
    /// From `outputGradient`: writes the input gradient (if wanted) and the parameter gradients.
    func backward(at position: BatchPosition) throws
}
