import BatchLabCore

/// Inverted dropout, Keras's `Dropout(rate)`: in training each element is zeroed with
/// probability `rate` and the survivors scaled by 1 / (1 − rate); in inference it is the identity.
///
/// The mask of step t is a pure function of (layer seed, t) (see `CounterHash`), so runs are
/// reproducible and backward redraws the mask instead of storing it. An element's mask depends on
/// its example's index in the step's global batch (`BatchPosition.firstExample`), not on which
/// data-parallel rank computes it.
public struct Dropout: Layer {
    public var rate: Float

    public init(_ rate: Float) {
        precondition(rate >= 0 && rate < 1, "Dropout rate must be in [0, 1), got \(rate)")
        self.rate = rate
    }

    public var summary: String { "Dropout(\(rate))" }

    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    public func makeKernel(_ context: KernelContext) throws -> any LayerKernel {
        DropoutKernel(self, context)
    }
}

/// Dropout for one batch size, over the physical elements of its input's layout.
final class DropoutKernel: LayerKernel {
    let output: Tensor
    let outputGradient: Tensor?
    private let input: Tensor
    private let inputGradient: Tensor?
    private let keepProbability: Float
    private let seed: UInt64
    /// Whether a share of a batch can draw the masks its examples get in the whole batch: its
    /// elements are numbered from its first example's index times the elements per example.
    private let examplesAreContiguous: Bool

    init(_ layer: Dropout, _ context: KernelContext) {
        input = context.input
        inputGradient = context.inputGradient
        keepProbability = 1 - layer.rate
        seed = context.seed
        examplesAreContiguous = input.desc.examplesAreContiguous
        // Inference: the output is the input itself.
        output = context.training ? Tensor(input.desc, engine: context.engine) : input
        outputGradient = context.training ? Tensor(input.desc, engine: context.engine) : nil
    }

    func forward(at position: BatchPosition) throws {
        guard output !== input else { return }
        precondition(position.firstExample == 0 || examplesAreContiguous, "Dropout on part of a batch needs the batch outermost (got \(input.desc))")
        dropoutMask(input.floats.baseAddress!, output.floats.baseAddress!, count: input.floats.count,
                    keepProbability: keepProbability, hash: CounterHash(seed: seed, step: position.step),
                    firstIndex: position.firstExample * (input.floats.count / input.dims[0]))
    }

    func backward(at position: BatchPosition) throws {
        guard let inputGradient, let outputGradient else { return }
        dropoutMask(outputGradient.floats.baseAddress!, inputGradient.floats.baseAddress!, count: input.floats.count,
                    keepProbability: keepProbability, hash: CounterHash(seed: seed, step: position.step),
                    firstIndex: position.firstExample * (input.floats.count / input.dims[0]))
    }
}
