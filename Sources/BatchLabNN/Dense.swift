import BatchLabCore
import CDNNL

/// Fully connected layer, Keras's `Dense(units, activation)`: y = act(x Wᵀ + b).
///
/// Input (N, in), kernel (units, in), bias (units); output (N, units) in plain layout.
/// Kernel initialised `glorot_uniform` (fan_in = in, fan_out = units), bias zeros.
public struct Dense: Layer {
    public var units: Int
    public var activation: Activation

    public init(_ units: Int, activation: Activation = .linear) {
        self.units = units
        self.activation = activation
    }

    public var summary: String { "Dense(\(units), \(activation.rawValue))" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 1 else {
            throw ShapeError(layer: summary, "expects a flat (features) input, got \(inputShape): add Flatten() before it")
        }
        return [units]
    }

    public func parameterSpecs(for inputShape: [Int]) -> [ParameterSpec] {
        [ParameterSpec(name: "kernel", shape: [units, inputShape[0]], initializer: .glorotUniform),
         ParameterSpec(name: "bias", shape: [units], initializer: .zeros)]
    }

    public var lowered: [any Layer] {
        guard activation == .softmax else { return [self] }
        return [Dense(units), Softmax()]
    }

    public func makeKernel(_ context: KernelContext) throws -> any LayerKernel {
        try DenseKernel(self, context)
    }
}

/// Dense for one batch size: inner product forward (with fused ReLU) and its two backward passes.
final class DenseKernel: LayerKernel {
    let engine: Engine
    let output: Tensor
    let outputGradient: Tensor?
    private let forwardPrimitive: Primitive
    private let source: LayoutAdapter
    private let kernel: LayoutAdapter
    private var backwardSteps: [() throws -> Void] = []

    init(_ layer: Dense, _ context: KernelContext) throws {
        let engine = context.engine
        self.engine = engine
        let (kernelParameter, bias) = (context.parameters[0], context.parameters[1])
        let outputDesc = MemoryDesc.plain([context.batchSize, layer.units])
        // src (N, in), weights (units, in), dst (N, units)
        let forward = try InnerProductPrimitives.forward(
            src: .any(context.input.dims), weights: .any(kernelParameter.shape), bias: .plain(bias.shape),
            dst: outputDesc, training: context.training, fuseReLU: layer.activation == .relu, engine: engine)
        try kernelParameter.adoptLayout(forward.weights, engine: engine)
        source = try .reading(context.input, as: forward.src, engine: engine)
        kernel = try .reading(kernelParameter.value, as: forward.weights, engine: engine)
        output = Tensor(forward.dst, engine: engine)
        forwardPrimitive = try Primitive(forward, arguments: [
            DNNL_ARG_SRC: source.tensor, DNNL_ARG_WEIGHTS: kernel.tensor, DNNL_ARG_BIAS: bias.value, DNNL_ARG_DST: output])
        guard context.training else {
            outputGradient = nil
            return
        }
        let gradient = Tensor(forward.dst, engine: engine)
        outputGradient = gradient
        var dz = gradient
        if layer.activation == .relu {
            let relu = try ActivationGradient(output: output, outputGradient: gradient, engine: engine)
            dz = relu.preActivationGradient
            backwardSteps.append { try relu.run(on: engine) }
        }
        // diff_weights (units, in) = dzᵀ x;  diff_bias = Σ_n dz
        let weights = try InnerProductPrimitives.backwardWeights(
            src: forward.src, diffWeights: .any(kernelParameter.shape), diffBias: .plain(bias.shape),
            diffDst: dz.desc, hint: forward, engine: engine)
        let kernelGradient = try LayoutAdapter.writing(kernelParameter.gradient, as: weights.diffWeights, engine: engine)
        let weightsPrimitive = try Primitive(weights, arguments: [
            DNNL_ARG_SRC: source.tensor, DNNL_ARG_DIFF_DST: dz,
            DNNL_ARG_DIFF_WEIGHTS: kernelGradient.tensor, DNNL_ARG_DIFF_BIAS: bias.gradient])
        backwardSteps.append {
            try weightsPrimitive.execute(on: engine)
            try kernelGradient.run(on: engine)
        }
        guard let inputGradient = context.inputGradient else { return }
        // diff_src (N, in) = dz W
        let data = try InnerProductPrimitives.backwardData(
            diffSrc: .any(inputGradient.dims), weights: kernelParameter.value.desc, diffDst: dz.desc,
            hint: forward, engine: engine)
        let dataKernel = try LayoutAdapter.reading(kernelParameter.value, as: data.weights, engine: engine)
        let dataInputGradient = try LayoutAdapter.writing(inputGradient, as: data.diffSrc, engine: engine)
        let dataPrimitive = try Primitive(data, arguments: [
            DNNL_ARG_DIFF_DST: dz, DNNL_ARG_WEIGHTS: dataKernel.tensor, DNNL_ARG_DIFF_SRC: dataInputGradient.tensor])
        backwardSteps.append {
            try dataKernel.run(on: engine)
            try dataPrimitive.execute(on: engine)
            try dataInputGradient.run(on: engine)
        }
    }

    func forward(at position: BatchPosition) throws {
        try source.run(on: engine)
        try kernel.run(on: engine)
        try forwardPrimitive.execute(on: engine)
    }

    func backward(at position: BatchPosition) throws {
        for run in backwardSteps { try run() }
    }
}
