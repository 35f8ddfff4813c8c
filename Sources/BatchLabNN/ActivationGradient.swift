import BatchLabCore
import CDNNL

/// The backward step of a ReLU fused into the layer before it: dL/dz = dL/dy · [y > 0],
/// computed from the layer's output y (oneDNN `relu_use_dst_for_bwd`).
struct ActivationGradient {
    let preActivationGradient: Tensor
    private let primitive: Primitive

    init(output: Tensor, outputGradient: Tensor, engine: Engine) throws {
        let backward = try ReLUPrimitives.backward(diff: outputGradient.desc, data: output.desc, engine: engine)
        preActivationGradient = Tensor(backward.diffSrc, engine: engine)
        primitive = try Primitive(backward, arguments: [
            DNNL_ARG_DST: output, DNNL_ARG_DIFF_DST: outputGradient, DNNL_ARG_DIFF_SRC: preActivationGradient])
    }

    func run(on engine: Engine) throws {
        try primitive.execute(on: engine)
    }
}
