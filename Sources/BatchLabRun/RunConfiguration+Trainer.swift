import BatchLabConfig
import BatchLabCore
import BatchLabData
import BatchLabNN
import BatchLabTraining

extension RunConfiguration {
    /// The model initialised from the seed on an engine with `threads`, and its optimizer at
    /// `learningRate` (default: the configuration's scaled rate).
    public func makeTrainer(learningRate: Double? = nil) throws -> Trainer {
        let engine = try Engine(threads: threads)
        let network = try Network(try model.sequential(), inputShape: CIFAR10.imageShape, engine: engine, seed: seed)
        return Trainer(network: network, optimizer: optimizer.makeOptimizer(threads: engine.threads),
                       learningRate: Float(learningRate ?? self.learningRate), seed: seed)
    }
}
