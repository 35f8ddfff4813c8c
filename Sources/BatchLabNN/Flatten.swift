import BatchLabCore

/// Flattens (C, H, W) to (C·H·W), Keras's `Flatten()`.
///
/// Deviation: features are ordered channel-major (C, H, W), where Keras's channels-last Flatten
/// orders them (H, W, C). The two differ by a fixed permutation of the next layer's weights, so a
/// model trained from scratch learns the same function; only Keras weight files would need it.
public struct Flatten: Layer {
    public init() {}

    public var summary: String { "Flatten()" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { [inputShape.reduce(1, *)] }

    public func makeKernel(_ context: KernelContext) throws -> any LayerKernel {
        try FlattenKernel(context)
    }
}

/// Flatten for one batch size: reorders a blocked input to plain (N, C, H, W) and views it as
/// (N, C·H·W); on plain input it is a view and costs nothing.
final class FlattenKernel: LayerKernel {
    let engine: Engine
    let output: Tensor
    let outputGradient: Tensor?
    private let toPlain: LayoutAdapter
    private let gradientToInputLayout: Reorder?

    init(_ context: KernelContext) throws {
        engine = context.engine
        let dims = context.input.dims
        let flatDesc = MemoryDesc.plain([dims[0], dims.dropFirst().reduce(1, *)])
        toPlain = try .reading(context.input, as: .plain(dims), engine: engine)
        output = Tensor(viewing: toPlain.tensor, as: flatDesc, engine: engine)
        guard context.training else {
            outputGradient = nil
            gradientToInputLayout = nil
            return
        }
        guard let inputGradient = context.inputGradient else {
            outputGradient = Tensor(flatDesc, engine: engine)
            gradientToInputLayout = nil
            return
        }
        if inputGradient.desc.isPlain {
            outputGradient = Tensor(viewing: inputGradient, as: flatDesc, engine: engine)
            gradientToInputLayout = nil
        } else {
            let gradient = Tensor(flatDesc, engine: engine)
            outputGradient = gradient
            gradientToInputLayout = try Reorder(from: Tensor(viewing: gradient, as: .plain(dims), engine: engine),
                                                to: inputGradient, engine: engine)
        }
    }

    func forward(at position: BatchPosition) throws {
        try toPlain.run(on: engine)
    }

    func backward(at position: BatchPosition) throws {
        try gradientToInputLayout?.execute(on: engine)
    }
}
