/// The optimizer and its hyper-parameters, with Keras's names and defaults.
public struct OptimizerSettings: Settings {
    public enum Kind: String, CaseIterable, Sendable {
        /// Adam (Kingma & Ba 2015), Keras's defaults; AdamW when `weight_decay` > 0.
        case adam
        /// SGD with momentum and optional Nesterov momentum, Keras's `SGD`.
        case sgd
    }

    public var name: Kind = .adam
    /// The learning rate the run asks for; `lr_scaling` may scale it with the batch size.
    public var lr: Double = 0.001
    /// Adam's moment decay rates and ε̂ (Keras: 0.9, 0.999, 1e-7).
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Double = 1e-7
    /// SGD's momentum and Nesterov switch (with Adam, anything but the defaults is an error).
    public var momentum: Double = 0
    public var nesterov = false
    /// Adam: decoupled weight decay (AdamW, Loshchilov & Hutter 2019), θ ← θ(1 − lr·λ) each step.
    /// SGD: L2 as PyTorch's `SGD(weight_decay=λ)`, g ← g + λθ. 0 turns it off.
    public var weightDecay: Double = 0

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("name", \.name), .init("lr", \.lr), .init("beta_1", \.beta1), .init("beta_2", \.beta2),
        .init("epsilon", \.epsilon), .init("momentum", \.momentum), .init("nesterov", \.nesterov),
        .init("weight_decay", \.weightDecay),
    ]

    /// The hyper-parameters this optimizer uses besides the lr, by their keys, for summaries
    /// (listings, reports, analyses): Adam's betas and epsilon or SGD's momentum and Nesterov
    /// switch (1 or 0), and the weight decay when there is one.
    public var parameters: [String: Double] {
        var parameters: [String: Double] = switch name {
        case .adam: ["beta_1": beta1, "beta_2": beta2, "epsilon": epsilon]
        case .sgd: ["momentum": momentum, "nesterov": nesterov ? 1 : 0]
        }
        if weightDecay > 0 { parameters["weight_decay"] = weightDecay }
        return parameters
    }

    func validate() throws {
        try require(lr.isFinite && lr > 0, "optimizer.lr", "must be a positive number (got \(lr))")
        try require(lr <= Limits.learningRate, "optimizer.lr", "must be at most \(Limits.learningRate) (got \(lr))")
        for (key, beta) in [("optimizer.beta_1", beta1), ("optimizer.beta_2", beta2)] {
            try require(beta >= 0 && beta < 1, key, "must be in [0, 1) (got \(beta))")
        }
        try require(epsilon.isFinite && epsilon > 0, "optimizer.epsilon", "must be a positive number (got \(epsilon))")
        try require(momentum >= 0 && momentum < 1, "optimizer.momentum", "must be in [0, 1) (got \(momentum))")
        try require(weightDecay.isFinite && weightDecay >= 0, "optimizer.weight_decay", "must be ≥ 0 (got \(weightDecay))")
        // A setting the chosen optimizer does not use is a mistake, not something to ignore.
        let defaults = OptimizerSettings()
        switch name {
        case .adam:
            try requireWithOthers(momentum == defaults.momentum, "optimizer.momentum", "applies only to sgd (the optimizer is adam; got \(momentum))")
            try requireWithOthers(nesterov == defaults.nesterov, "optimizer.nesterov", "applies only to sgd (the optimizer is adam)")
        case .sgd:
            for (key, value, unused) in [("optimizer.beta_1", beta1, defaults.beta1), ("optimizer.beta_2", beta2, defaults.beta2),
                                         ("optimizer.epsilon", epsilon, defaults.epsilon)] {
                try requireWithOthers(value == unused, key, "applies only to adam (the optimizer is sgd; got \(value))")
            }
            // PyTorch: "Nesterov momentum requires a momentum".
            try requireWithOthers(!nesterov || momentum > 0, "optimizer.nesterov", "needs a momentum > 0")
        }
    }
}
