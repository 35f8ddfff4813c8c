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
        let optimizer = optimizer.makeOptimizer(learningRate: learningRate ?? self.learningRate, threads: engine.threads)
        return Trainer(network: network, optimizer: optimizer, seed: seed)
    }
}
