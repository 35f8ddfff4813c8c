import BatchLabCore

/// A `Sequential` model made concrete: parameters initialised from a seed and compiled plans,
/// one per (batch size, training) pair, each built once and reused every step.
public final class Network {
    public let model: Sequential
    public let engine: Engine
    /// Input shape without the batch dimension, (C, H, W).
    public let inputShape: [Int]
    /// The layers as they run (`Layer.lowered`), each with its parameters.
    public let layers: [(layer: any Layer, parameters: [Parameter])]
    public let seed: UInt64
    private var plans: [PlanKey: Plan] = [:]

    private struct PlanKey: Hashable {
        let batchSize: Int
        let training: Bool
    }

    /// Checks that the layers fit `inputShape` and initialises every parameter from `seed`.
    public init(_ model: Sequential, inputShape: [Int], engine: Engine, seed: UInt64) throws {
        self.model = model
        self.engine = engine
        self.inputShape = inputShape
        self.seed = seed
        var generator = SplitMix64(seed: seed)
        var shape = inputShape
        var layers: [(any Layer, [Parameter])] = []
        for layer in model.layers.flatMap(\.lowered) {
            let parameters = layer.parameterSpecs(for: shape).map { Parameter($0, engine: engine, generator: &generator) }
            shape = try layer.outputShape(for: shape)
            layers.append((layer, parameters))
        }
        self.layers = layers
        outputShape = shape
    }

    /// Shape of one example's output, e.g. (10) class probabilities.
    public let outputShape: [Int]

    /// Every parameter, layer by layer.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// The parameters the optimizer updates.
    public var trainableParameters: [Parameter] { parameters.filter(\.trainable) }

    /// The plan for `batchSize` examples, built on first use. The first plan built fixes the
    /// parameters' layouts.
    public func plan(batchSize: Int, training: Bool) throws -> Plan {
        let key = PlanKey(batchSize: batchSize, training: training)
        if let plan = plans[key] { return plan }
        let plan = try Plan(network: self, batchSize: batchSize, training: training)
        parameters.forEach { $0.freezeLayout() }
        plans[key] = plan
        return plan
    }
}

/// The network compiled for one batch size: the kernels in order, its input, its output in plain layout.
public final class Plan {
    public let batchSize: Int
    public let training: Bool
    /// Where each batch is written: plain (N, C, H, W).
    public let input: Tensor
    /// The model's output in plain (N, outputs) layout (class probabilities for a softmax model).
    public let output: Tensor
    /// Where the loss writes its gradient: dL/d(logits) when the model ends with a softmax
    /// (fused softmax + cross-entropy), else dL/d(output).
    public let lossGradient: Tensor
    /// True when the model ends with a softmax whose backward pass the fused loss gradient replaces.
    public let endsWithSoftmax: Bool
    let kernels: [any LayerKernel]
    private let engine: Engine
    private let outputAdapter: LayoutAdapter
    private let lossGradientAdapter: LayoutAdapter?

    init(network: Network, batchSize: Int, training: Bool) throws {
        self.batchSize = batchSize
        self.training = training
        engine = network.engine
        input = Tensor(plain: [batchSize] + network.inputShape, engine: engine)
        endsWithSoftmax = network.layers.last!.layer is Softmax && network.layers.count > 1
        var kernels: [any LayerKernel] = []
        for (index, (layer, parameters)) in network.layers.enumerated() {
            let previous = kernels.last
            // The fused loss gradient replaces a final softmax's backward pass: it gets no input gradient to write.
            let fused = endsWithSoftmax && index == network.layers.count - 1
            let context = KernelContext(
                engine: engine, input: previous?.output ?? input, inputGradient: fused ? nil : previous?.outputGradient,
                parameters: parameters, training: training, seed: SplitMix64.derive(network.seed, UInt64(index)))
            kernels.append(try layer.makeKernel(context))
        }
        self.kernels = kernels
        let last = kernels.last!
        outputAdapter = try .reading(last.output, as: .plain(last.output.dims), engine: engine)
        output = outputAdapter.tensor
        if training {
            let target = endsWithSoftmax ? kernels[kernels.count - 2].outputGradient! : last.outputGradient!
            let adapter = try LayoutAdapter.writing(target, as: .plain(target.dims), engine: engine)
            lossGradientAdapter = adapter
            lossGradient = adapter.tensor
        } else {
            lossGradientAdapter = nil
            lossGradient = Tensor(plain: last.output.dims, engine: engine)
        }
    }

    /// Runs every layer forward on `input`; `output` is ready when it returns.
    /// `firstExample`: where this batch starts in the step's global batch (a data-parallel rank's share).
    public func forward(step: UInt64, firstExample: Int = 0) throws {
        let position = BatchPosition(step: step, firstExample: firstExample)
        for kernel in kernels { try kernel.forward(at: position) }
        try outputAdapter.run(on: engine)
        engine.wait()
    }

    /// Runs every layer backward from `lossGradient`, leaving each parameter's gradient.
    public func backward(step: UInt64, firstExample: Int = 0) throws {
        let position = BatchPosition(step: step, firstExample: firstExample)
        precondition(training, "backward needs a training plan")
        try lossGradientAdapter?.run(on: engine)
        for kernel in kernels.dropLast(endsWithSoftmax ? 1 : 0).reversed() { try kernel.backward(at: position) }
        engine.wait()
    }
}
