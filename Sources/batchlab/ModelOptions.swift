import ArgumentParser
import BatchLabCore
import BatchLabNN
import BatchLabOptim

/// What is trained and how the weights move: model, optimizer, seed, threads. Shared by `train`,
/// `lr-find` and `noise-scale`.
struct ModelOptions: ParsableArguments {
    enum OptimizerName: String, ExpressibleByArgument, CaseIterable { case adam, sgd }

    @Option(help: "Model to train (see `batchlab models`).") var model = "seed-cnn"
    @Option(help: "adam (Keras defaults) or sgd.") var optimizer: OptimizerName = .adam
    @Option(help: "SGD momentum.") var momentum: Float = 0
    @Flag(help: "Use Nesterov momentum with SGD.") var nesterov = false
    @Option(help: "Seed for initial weights, shuffling and dropout.") var seed: UInt64 = 0
    @Option(help: "Threads for the math (default: all cores).") var threads: Int?

    func validate() throws {
        guard Models.named(model) != nil else {
            throw ValidationError("unknown --model '\(model)'; choose one of \(Models.all.map(\.name).joined(separator: ", "))")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1 (got \(threads))") }
        guard momentum >= 0, momentum < 1 else { throw ValidationError("--momentum must be in [0, 1) (got \(momentum))") }
    }

    func makeOptimizer(learningRate: Float, threads: Int) -> any Optimizer {
        switch optimizer {
        case .adam: Adam(learningRate: learningRate, threads: threads)
        case .sgd: SGD(learningRate: learningRate, momentum: momentum, nesterov: nesterov)
        }
    }

    var optimizerParameters: [String: Double] {
        switch optimizer {
        case .adam: ["beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-7]
        case .sgd: ["momentum": Double(momentum), "nesterov": nesterov ? 1 : 0]
        }
    }

    /// The network, initialised from the seed, on an engine with the asked-for threads.
    func makeNetwork(inputShape: [Int]) throws -> Network {
        let engine = try Engine(threads: threads)
        return try Network(Models.named(model)!, inputShape: inputShape, engine: engine, seed: seed)
    }
}
