import BatchLabCore
import BatchLabNN
import BatchLabOptim
import Foundation

/// Training throughput on random data, measured as ../shared/bench's references measure it:
/// 8 random batches cycled, `warmup` steps, then `repeats` timed runs of `steps` steps each;
/// the median rate is reported.
public struct Benchmark {
    public var model: Sequential
    public var batchSize: Int
    public var steps = 300
    public var warmup = 50
    public var repeats = 3
    public var threads: Int

    public init(model: Sequential, batchSize: Int, threads: Int) {
        self.model = model
        self.batchSize = batchSize
        self.threads = threads
    }

    public struct Result {
        public var imagesPerSecond: [Double]
        public var peakResidentMegabytes: Double
        /// The values a data-parallel step sums over the ranks: every trainable parameter's
        /// gradient, as laid out (one fused allreduce buffer).
        public var gradientValues: Int

        public var median: Double {
            let sorted = imagesPerSecond.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
    }

    /// Throws `Interrupted` at the first step after `shouldStop` returns true.
    public func run(shouldStop: () -> Bool = { false }) throws -> Result {
        let engine = try Engine(threads: threads)
        let network = try Network(model, inputShape: [3, 32, 32], engine: engine, seed: 0)
        let plan = try network.plan(batchSize: batchSize, training: true)
        var optimizer = Adam(threads: threads)
        let classes = network.outputShape[0]
        var generator = SplitMix64(seed: 1)
        let batches = (0..<8).map { _ in
            (inputs: (0..<plan.input.desc.elementCount).map { _ in generator.nextFloat(in: 0..<1) },
             targets: (0..<batchSize).flatMap { _ in
                 let label = Int(generator.next() % UInt64(classes))
                 return (0..<classes).map { $0 == label ? Float(1) : 0 }
             })
        }
        let loss = CategoricalCrossentropy()
        var step: UInt64 = 0
        func trainStep() throws {
            if shouldStop() { throw Interrupted() }
            let batch = batches[Int(step % 8)]
            _ = plan.input.floats.update(fromContentsOf: batch.inputs)
            try plan.forward(step: step)
            loss.logitGradient(probabilities: plan.output.floats.baseAddress!, targets: batch.targets, count: batchSize,
                               batchSize: batchSize, classes: classes, into: plan.lossGradient.floats.baseAddress!)
            try plan.backward(step: step)
            optimizer.update(network.trainableParameters, learningRate: 0.001)
            step += 1
        }
        for _ in 0..<warmup { try trainStep() }
        var rates: [Double] = []
        for _ in 0..<repeats {
            let started = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<steps { try trainStep() }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            rates.append(Double(steps * batchSize) / seconds)
        }
        return Result(imagesPerSecond: rates, peakResidentMegabytes: ResourceUsage.peakResidentMegabytes(),
                      gradientValues: network.trainableParameters.reduce(0) { $0 + $1.gradient.floats.count })
    }
}
