import BatchLabCore
import CDNNL

/// 2-D convolution, Keras's `Conv2D(filters, kernel_size, strides, padding, activation)`.
///
/// y = act(W ⊛ x + b); input (N, C, H, W), kernel (filters, C, kh, kw), bias (filters).
/// Kernel initialised `glorot_uniform`, bias zeros (Keras defaults).
public struct Conv2D: Layer {
    public var filters: Int
    public var kernelSize: (height: Int, width: Int)
    public var strides: Int
    public var padding: Padding
    public var activation: Activation

    public init(_ filters: Int, kernelSize: Int = 3, strides: Int = 1, padding: Padding = .valid,
                activation: Activation = .linear) {
        self.filters = filters
        self.kernelSize = (kernelSize, kernelSize)
        self.strides = strides
        self.padding = padding
        self.activation = activation
    }

    public var summary: String {
        "Conv2D(\(filters), \(kernelSize.height)×\(kernelSize.width), \(padding.rawValue)\(strides == 1 ? "" : ", stride \(strides)"), \(activation.rawValue))"
    }

    func geometry(_ inputShape: [Int]) -> (outputShape: [Int], geometry: ConvolutionPrimitives.Geometry) {
        let rows = padding.geometry(input: inputShape[1], kernel: kernelSize.height, stride: strides)
        let columns = padding.geometry(input: inputShape[2], kernel: kernelSize.width, stride: strides)
        return ([filters, rows.output, columns.output],
                .init(strides: [strides, strides], paddingLow: [rows.low, columns.low], paddingHigh: [rows.high, columns.high]))
    }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 3 else { throw ShapeError(layer: summary, "expects (C, H, W) input, got \(inputShape)") }
        let shape = geometry(inputShape).outputShape
        guard shape.allSatisfy({ $0 > 0 }) else { throw ShapeError(layer: summary, "input \(inputShape) is smaller than the kernel") }
        return shape
    }

    public func parameterSpecs(for inputShape: [Int]) -> [ParameterSpec] {
        [ParameterSpec(name: "kernel", shape: [filters, inputShape[0], kernelSize.height, kernelSize.width], initializer: .glorotUniform),
         ParameterSpec(name: "bias", shape: [filters], initializer: .zeros)]
    }

    public var lowered: [any Layer] {
        guard activation == .softmax else { return [self] }
        var linear = self
        linear.activation = .linear
        return [linear, Softmax()]
    }

    public func makeKernel(_ context: KernelContext) throws -> any LayerKernel {
        try Conv2DKernel(self, context)
    }
}

/// Conv2D for one batch size: forward (with fused ReLU), backward-weights and, unless this is the
/// first layer, backward-data.
final class Conv2DKernel: LayerKernel {
    let engine: Engine
    let output: Tensor
    let outputGradient: Tensor?
    private let forwardPrimitive: Primitive
    private let source: LayoutAdapter
    private let kernel: LayoutAdapter
    private let backwardPass: ConvolutionBackward?

    init(_ layer: Conv2D, _ context: KernelContext) throws {
        engine = context.engine
        let (kernelParameter, bias) = (context.parameters[0], context.parameters[1])
        let n = context.batchSize
        let geometry = layer.geometry(Array(context.input.dims.dropFirst())).geometry
        let outputDims = [n] + (try layer.outputShape(for: Array(context.input.dims.dropFirst())))
        // src (N, C, H, W), weights (O, C, kh, kw), dst (N, O, H', W')
        let forward = try ConvolutionPrimitives.forward(
            src: .any(context.input.dims), weights: .any(kernelParameter.shape), bias: .plain(bias.shape),
            dst: .any(outputDims), geometry: geometry, training: context.training,
            fuseReLU: layer.activation == .relu, engine: engine)
        try kernelParameter.adoptLayout(forward.weights, engine: engine)
        source = try .reading(context.input, as: forward.src, engine: engine)
        kernel = try .reading(kernelParameter.value, as: forward.weights, engine: engine)
        output = Tensor(forward.dst, engine: engine)
        forwardPrimitive = try Primitive(forward, arguments: [
            DNNL_ARG_SRC: source.tensor, DNNL_ARG_WEIGHTS: kernel.tensor, DNNL_ARG_BIAS: bias.value, DNNL_ARG_DST: output])
        if context.training {
            let gradient = Tensor(forward.dst, engine: engine)
            outputGradient = gradient
            backwardPass = try ConvolutionBackward(
                layer: layer, geometry: geometry, forward: forward, context: context, output: output,
                outputGradient: gradient, kernelParameter: kernelParameter, bias: bias)
        } else {
            outputGradient = nil
            backwardPass = nil
        }
    }

    func forward(at position: BatchPosition) throws {
        try source.run(on: engine)
        try kernel.run(on: engine)
        try forwardPrimitive.execute(on: engine)
    }

    func backward(at position: BatchPosition) throws {
        try backwardPass?.run(on: engine)
    }
}

/// The backward half of a convolution: ReLU gradient (when fused), weights/bias gradients, input gradient.
private struct ConvolutionBackward {
    let activationGradient: ActivationGradient?
    let weightsPrimitive: Primitive
    let weightsSource: LayoutAdapter
    let weightsOutputGradient: LayoutAdapter
    let kernelGradient: LayoutAdapter
    let dataPass: (primitive: Primitive, kernel: LayoutAdapter, outputGradient: LayoutAdapter, inputGradient: LayoutAdapter)?

    init(layer: Conv2D, geometry: ConvolutionPrimitives.Geometry, forward: PrimitiveDescriptor, context: KernelContext,
         output: Tensor, outputGradient: Tensor, kernelParameter: Parameter, bias: Parameter) throws {
        let engine = context.engine
        activationGradient = layer.activation == .relu
            ? try ActivationGradient(output: output, outputGradient: outputGradient, engine: engine) : nil
        let gradient = activationGradient?.preActivationGradient ?? outputGradient
        let weights = try ConvolutionPrimitives.backwardWeights(
            src: forward.src, diffWeights: .any(kernelParameter.shape), diffBias: .plain(bias.shape),
            diffDst: gradient.desc, geometry: geometry, hint: forward, engine: engine)
        weightsSource = try .reading(context.input, as: weights.src, engine: engine)
        weightsOutputGradient = try .reading(gradient, as: weights.diffDst, engine: engine)
        kernelGradient = try .writing(kernelParameter.gradient, as: weights.diffWeights, engine: engine)
        weightsPrimitive = try Primitive(weights, arguments: [
            DNNL_ARG_SRC: weightsSource.tensor, DNNL_ARG_DIFF_DST: weightsOutputGradient.tensor,
            DNNL_ARG_DIFF_WEIGHTS: kernelGradient.tensor, DNNL_ARG_DIFF_BIAS: bias.gradient])
        guard let inputGradient = context.inputGradient else {
            dataPass = nil
            return
        }
        // diff_src (N, C, H, W) ← weights (O, C, kh, kw) ⊛ᵀ diff_dst (N, O, H', W'). The weights layout
        // is left to oneDNN: forcing the forward's layout selects its reference (slow) implementation.
        let data = try ConvolutionPrimitives.backwardData(
            diffSrc: .any(inputGradient.dims), weights: .any(kernelParameter.shape), diffDst: gradient.desc,
            geometry: geometry, hint: forward, engine: engine)
        let kernel = try LayoutAdapter.reading(kernelParameter.value, as: data.weights, engine: engine)
        let dataOutputGradient = try LayoutAdapter.reading(gradient, as: data.diffDst, engine: engine)
        let dataInputGradient = try LayoutAdapter.writing(inputGradient, as: data.diffSrc, engine: engine)
        let primitive = try Primitive(data, arguments: [
            DNNL_ARG_DIFF_DST: dataOutputGradient.tensor, DNNL_ARG_WEIGHTS: kernel.tensor,
            DNNL_ARG_DIFF_SRC: dataInputGradient.tensor])
        dataPass = (primitive, kernel, dataOutputGradient, dataInputGradient)
    }

    func run(on engine: Engine) throws {
        try activationGradient?.run(on: engine)
        try weightsSource.run(on: engine)
        try weightsOutputGradient.run(on: engine)
        try weightsPrimitive.execute(on: engine)
        try kernelGradient.run(on: engine)
        if let dataPass {
            try dataPass.kernel.run(on: engine)
            try dataPass.outputGradient.run(on: engine)
            try dataPass.primitive.execute(on: engine)
            try dataPass.inputGradient.run(on: engine)
        }
    }
}
