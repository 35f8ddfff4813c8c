import BatchLabCore
import CDNNL

/// Softmax over the features, Keras's `Softmax()` / `activation="softmax"`:
/// y_i = exp(x_i − max x) / Σ_j exp(x_j − max x). Input and output (N, classes).
///
/// When a Softmax ends the model and the loss is categorical cross-entropy, the trainer skips
/// this backward pass and feeds the fused gradient (p − y) / N to the layer before (see `Network`).
public struct Softmax: Layer {
    public init() {}

    public var summary: String { "Softmax()" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 1 else { throw ShapeError(layer: summary, "expects (features), got \(inputShape)") }
        return inputShape
    }

    public func makeKernel(_ context: KernelContext) throws -> any LayerKernel {
        try SoftmaxKernel(context)
    }
}

final class SoftmaxKernel: LayerKernel {
    let engine: Engine
    let output: Tensor
    let outputGradient: Tensor?
    private let forwardPrimitive: Primitive
    private let backwardPass: (primitive: Primitive, inputGradient: LayoutAdapter)?

    init(_ context: KernelContext) throws {
        engine = context.engine
        let forward = try SoftmaxPrimitives.forward(data: context.input.desc, training: context.training, engine: engine)
        output = Tensor(forward.dst, engine: engine)
        forwardPrimitive = try Primitive(forward, arguments: [DNNL_ARG_SRC: context.input, DNNL_ARG_DST: output])
        guard context.training, let inputGradient = context.inputGradient else {
            outputGradient = context.training ? Tensor(output.desc, engine: engine) : nil
            backwardPass = nil
            return
        }
        let gradient = Tensor(output.desc, engine: engine)
        outputGradient = gradient
        // dx_i = y_i (dy_i − Σ_j dy_j y_j)
        let backward = try SoftmaxPrimitives.backward(diff: gradient.desc, data: output.desc, hint: forward, engine: engine)
        let adapter = try LayoutAdapter.writing(inputGradient, as: backward.diffSrc, engine: engine)
        backwardPass = (try Primitive(backward, arguments: [
            DNNL_ARG_DST: output, DNNL_ARG_DIFF_DST: gradient, DNNL_ARG_DIFF_SRC: adapter.tensor]), adapter)
    }

    func forward(at position: BatchPosition) throws {
        try forwardPrimitive.execute(on: engine)
    }

    func backward(at position: BatchPosition) throws {
        guard let backwardPass else { return }
        try backwardPass.primitive.execute(on: engine)
        try backwardPass.inputGradient.run(on: engine)
    }
}
