/// W&B's `method: random`: each trial draws every parameter from its distribution, independently.
///
/// Trials are reproducible from the seed alone. Each (parameter, trial) cell draws from its own
/// SplitMix64 stream, seeded from `seed`, the parameter's name (FNV-1a) and the trial index, so a
/// trial's values do not depend on the parameters' order, on which other parameters are searched
/// or on the trial count: raising `count` appends trials, and adding a parameter leaves the
/// others' values as they were.
public struct RandomSearch: Equatable, Sendable {
    /// One searched parameter.
    public struct Parameter: Equatable, Sendable {
        public var name: String
        public var distribution: SearchDistribution

        public init(_ name: String, _ distribution: SearchDistribution) {
            self.name = name
            self.distribution = distribution
        }
    }

    /// The searched parameters, in the order callers list them (file order); names are unique.
    public var parameters: [Parameter]
    public var seed: UInt64

    public init(_ parameters: [Parameter], seed: UInt64) {
        precondition(Set(parameters.map(\.name)).count == parameters.count, "search parameter names must be unique")
        self.parameters = parameters
        self.seed = seed
    }

    /// The first validation error among the parameters, if any.
    public var validationError: String? {
        parameters.lazy.compactMap { $0.distribution.validationError(parameter: $0.name) }.first
    }

    /// Trial `index` (from 0): each parameter's name with its value.
    public func trial(_ index: Int) -> [String: Double] {
        precondition(index >= 0, "trial indices start at 0")
        var values: [String: Double] = [:]
        for parameter in parameters {
            var generator = SearchRandom(seed: seed, name: parameter.name, trial: index)
            values[parameter.name] = parameter.distribution.sample(using: &generator)
        }
        return values
    }

    /// Trials 0..<count; a longer search starts with the same trials.
    public func trials(count: Int) -> [[String: Double]] {
        (0..<count).map(trial)
    }
}
