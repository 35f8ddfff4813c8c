import BatchLabCore
import CDNNL

/// Max pooling, Keras's `MaxPooling2D(pool_size, strides)` with `valid` padding:
/// y[n, c, i, j] = max over the pool window at (i·s, j·s). Strides default to the pool size.
public struct MaxPooling2D: Layer {
    public var poolSize: Int
    public var strides: Int

    public init(poolSize: Int = 2, strides: Int? = nil) {
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
    }

    public var summary: String { "MaxPooling2D(\(poolSize)×\(poolSize))" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 3, inputShape[1] >= poolSize, inputShape[2] >= poolSize else {
            throw ShapeError(layer: summary, "expects (C, H, W) input of at least \(poolSize)×\(poolSize), got \(inputShape)")
        }
        return [inputShape[0], (inputShape[1] - poolSize) / strides + 1, (inputShape[2] - poolSize) / strides + 1]
    }

    public func makeKernel(_ context: KernelContext) throws -> any LayerKernel {
        try MaxPooling2DKernel(self, context)
    }
}

/// MaxPooling2D for one batch size. Works in the layout of its input; training keeps the
/// arg-max workspace that backward scatters the gradient through.
final class MaxPooling2DKernel: LayerKernel {
    let engine: Engine
    let output: Tensor
    let outputGradient: Tensor?
    private let forwardPrimitive: Primitive
    private let backwardPrimitive: Primitive?

    init(_ layer: MaxPooling2D, _ context: KernelContext) throws {
        engine = context.engine
        let window = [layer.poolSize, layer.poolSize], strides = [layer.strides, layer.strides]
        let outputDims = [context.batchSize] + (try layer.outputShape(for: Array(context.input.dims.dropFirst())))
        // src (N, C, H, W) → dst (N, C, H', W')
        let forward = try PoolingPrimitives.maxForward(
            src: context.input.desc, dst: .any(outputDims), kernel: window, strides: strides,
            training: context.training, engine: engine)
        output = Tensor(forward.dst, engine: engine)
        guard context.training else {
            forwardPrimitive = try Primitive(forward, arguments: [DNNL_ARG_SRC: context.input, DNNL_ARG_DST: output])
            outputGradient = nil
            backwardPrimitive = nil
            return
        }
        let workspace = Tensor(forward.workspace, engine: engine)
        forwardPrimitive = try Primitive(forward, arguments: [
            DNNL_ARG_SRC: context.input, DNNL_ARG_DST: output, DNNL_ARG_WORKSPACE: workspace])
        let gradient = Tensor(forward.dst, engine: engine)
        outputGradient = gradient
        if let inputGradient = context.inputGradient {
            let backward = try PoolingPrimitives.maxBackward(
                diffSrc: inputGradient.desc, diffDst: gradient.desc, kernel: window, strides: strides,
                hint: forward, engine: engine)
            backwardPrimitive = try Primitive(backward, arguments: [
                DNNL_ARG_DIFF_DST: gradient, DNNL_ARG_WORKSPACE: workspace, DNNL_ARG_DIFF_SRC: inputGradient])
        } else {
            backwardPrimitive = nil
        }
    }

    func forward(at position: BatchPosition) throws {
        try forwardPrimitive.execute(on: engine)
    }

    func backward(at position: BatchPosition) throws {
        try backwardPrimitive?.execute(on: engine)
    }
}
