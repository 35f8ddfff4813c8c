import BatchLabCore
import CDNNL

/// Batch normalization (Ioffe & Szegedy 2015), Keras's `BatchNormalization()` defaults:
/// momentum 0.99, epsilon 1e-3, γ ones, β zeros, moving mean zeros, moving variance ones.
///
/// Training: y = γ (x − μ_B) / √(σ²_B + ε) + β with batch statistics per channel, then
/// moving = momentum · moving + (1 − momentum) · batch. Inference uses the moving statistics.
/// σ²_B is the biased batch variance, as oneDNN computes it.
public struct BatchNormalization: Layer {
    public var momentum: Float
    public var epsilon: Float

    public init(momentum: Float = 0.99, epsilon: Float = 1e-3) {
        self.momentum = momentum
        self.epsilon = epsilon
    }

    public var summary: String { "BatchNormalization()" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    public func parameterSpecs(for inputShape: [Int]) -> [ParameterSpec] {
        let channels = [inputShape[0]]
        return [ParameterSpec(name: "gamma", shape: channels, initializer: .ones),
                ParameterSpec(name: "beta", shape: channels, initializer: .zeros),
                ParameterSpec(name: "moving_mean", shape: channels, initializer: .zeros, trainable: false),
                ParameterSpec(name: "moving_variance", shape: channels, initializer: .ones, trainable: false)]
    }

    public func makeKernel(_ context: KernelContext) throws -> any LayerKernel {
        try BatchNormalizationKernel(self, context)
    }
}

final class BatchNormalizationKernel: LayerKernel {
    let engine: Engine
    let output: Tensor
    let outputGradient: Tensor?
    private let momentum: Float
    private let forwardPrimitive: Primitive
    private let batchStatistics: (mean: Tensor, variance: Tensor)?
    private let moving: (mean: Parameter, variance: Parameter)
    private let backwardPrimitive: Primitive?

    init(_ layer: BatchNormalization, _ context: KernelContext) throws {
        engine = context.engine
        momentum = layer.momentum
        let (gamma, beta) = (context.parameters[0], context.parameters[1])
        moving = (context.parameters[2], context.parameters[3])
        // data (N, C[, H, W]); scale, shift, mean, variance (C)
        let forward = try BatchNormPrimitives.forward(data: context.input.desc, epsilon: layer.epsilon,
                                                      training: context.training, engine: engine)
        output = Tensor(forward.dst, engine: engine)
        guard context.training else {
            forwardPrimitive = try Primitive(forward, arguments: [
                DNNL_ARG_SRC: context.input, DNNL_ARG_DST: output, DNNL_ARG_SCALE: gamma.value, DNNL_ARG_SHIFT: beta.value,
                DNNL_ARG_MEAN: moving.mean.value, DNNL_ARG_VARIANCE: moving.variance.value])
            batchStatistics = nil
            outputGradient = nil
            backwardPrimitive = nil
            return
        }
        let statistics = (Tensor(moving.mean.value.desc, engine: engine), Tensor(moving.variance.value.desc, engine: engine))
        batchStatistics = statistics
        forwardPrimitive = try Primitive(forward, arguments: [
            DNNL_ARG_SRC: context.input, DNNL_ARG_DST: output, DNNL_ARG_SCALE: gamma.value, DNNL_ARG_SHIFT: beta.value,
            DNNL_ARG_MEAN: statistics.0, DNNL_ARG_VARIANCE: statistics.1])
        let gradient = Tensor(output.desc, engine: engine)
        outputGradient = gradient
        let backward = try BatchNormPrimitives.backward(diff: gradient.desc, data: context.input.desc,
                                                        epsilon: layer.epsilon, hint: forward, engine: engine)
        backwardPrimitive = try Primitive(backward, arguments: [
            DNNL_ARG_SRC: context.input, DNNL_ARG_DIFF_DST: gradient, DNNL_ARG_SCALE: gamma.value, DNNL_ARG_SHIFT: beta.value,
            DNNL_ARG_MEAN: statistics.0, DNNL_ARG_VARIANCE: statistics.1,
            DNNL_ARG_DIFF_SRC: context.inputGradient ?? Tensor(context.input.desc, engine: engine),
            DNNL_ARG_DIFF_SCALE: gamma.gradient, DNNL_ARG_DIFF_SHIFT: beta.gradient])
    }

    func forward(at position: BatchPosition) throws {
        try forwardPrimitive.execute(on: engine)
        guard let batchStatistics else { return }
        engine.wait()
        for (movingValue, batchValue) in [(moving.mean.value, batchStatistics.mean), (moving.variance.value, batchStatistics.variance)] {
            let (m, b) = (movingValue.floats, batchValue.floats)
            for c in 0..<moving.mean.count {
                m[c] = momentum * m[c] + (1 - momentum) * b[c]
            }
        }
    }

    func backward(at position: BatchPosition) throws {
        try backwardPrimitive?.execute(on: engine)
    }
}
