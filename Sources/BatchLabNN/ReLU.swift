import BatchLabCore
import CDNNL

/// Rectified linear unit as its own layer, Keras's `ReLU()`: y = max(x, 0); dx = dy · [y > 0].
public struct ReLU: Layer {
    public init() {}

    public var summary: String { "ReLU()" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    public func makeKernel(_ context: KernelContext) throws -> any LayerKernel {
        try ReLUKernel(context)
    }
}

final class ReLUKernel: LayerKernel {
    let engine: Engine
    let output: Tensor
    let outputGradient: Tensor?
    private let forwardPrimitive: Primitive
    private let backwardPrimitive: Primitive?

    init(_ context: KernelContext) throws {
        engine = context.engine
        let forward = try ReLUPrimitives.forward(data: context.input.desc, training: context.training, engine: engine)
        output = Tensor(forward.dst, engine: engine)
        forwardPrimitive = try Primitive(forward, arguments: [DNNL_ARG_SRC: context.input, DNNL_ARG_DST: output])
        outputGradient = context.training ? Tensor(output.desc, engine: engine) : nil
        if let outputGradient, let inputGradient = context.inputGradient {
            let backward = try ReLUPrimitives.backward(diff: outputGradient.desc, data: output.desc, engine: engine)
            backwardPrimitive = try Primitive(backward, arguments: [
                DNNL_ARG_DST: output, DNNL_ARG_DIFF_DST: outputGradient, DNNL_ARG_DIFF_SRC: inputGradient])
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
