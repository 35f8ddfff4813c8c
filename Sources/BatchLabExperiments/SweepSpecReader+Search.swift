import Yams

/// The random-search and early-termination sections of a sweep file.
extension SweepSpecReader {
    private static let distributionNames = ["uniform", "log_uniform_values", "int_uniform", "q_log_uniform_values"]

    /// `{distribution: log_uniform_values, min: 1e-4, max: 0.1}` (W&B's names; bounds are values,
    /// not exponents; `q_log_uniform_values` also takes `q`, default 1).
    func distribution(_ node: Node, for parameter: SweepParameter) throws -> SearchDistribution {
        let fields = try mapping(node, keys: ["distribution", "min", "max", "q"], what: "a distribution")
        let key = parameter.key
        guard let name = fields["distribution"]?.scalar?.string, Self.distributionNames.contains(name) else {
            throw fail(fields["distribution"] ?? node, "'\(key)' distribution must be one of \(Self.distributionNames.joined(separator: ", "))")
        }
        func bound(_ word: String) throws -> Double {
            guard let field = fields[word] else { throw fail(node, "'\(key)' \(name) needs \(word):") }
            guard let text = field.scalar?.string, let value = Double(text) else {
                throw fail(field, "'\(key)' \(word) must be a number (got \(describe(field)))")
            }
            return value
        }
        let (low, high) = (try bound("min"), try bound("max"))
        guard let integerParameter = parameter.isInteger else {
            throw fail(node, "'\(key)' is not numeric; give it values: [...] to draw from")
        }
        if integerParameter, let big = [low, high].first(where: { !(abs($0) <= 9_007_199_254_740_992) }) {
            throw fail(node, "'\(key)' bounds must be integers of at most 2^53 (got \(big))")
        }
        let distribution: SearchDistribution
        switch name {
        case "uniform": distribution = .uniform(min: low, max: high)
        case "log_uniform_values": distribution = .logUniform(min: low, max: high)
        case "int_uniform":
            guard let low = Int(exactly: low), let high = Int(exactly: high) else {
                throw fail(node, "'\(key)' int_uniform needs integer min and max")
            }
            distribution = .intUniform(min: low, max: high)
        default: distribution = .qLogUniform(min: low, max: high, q: fields["q"] == nil ? 1 : try bound("q"))
        }
        if let problem = distribution.validationError(parameter: key) { throw fail(node, problem) }
        let integerDistribution = name == "int_uniform" || name == "q_log_uniform_values"
        guard integerParameter == integerDistribution else {
            throw fail(node, integerParameter
                ? "'\(key)' takes integers: use int_uniform or q_log_uniform_values"
                : "'\(key)' takes real numbers: use uniform or log_uniform_values")
        }
        // Both bounds must be values the parameter accepts (lr > 0, momentum < 1, …).
        for bound in [low, high] {
            do {
                _ = try parameter.value(of: integerParameter ? "\(Int(bound))" : "\(bound)")
            } catch {
                throw fail(node, error.description)
            }
        }
        return distribution
    }

    /// `metric: {name: val_loss, goal: minimize}`, as W&B.
    func metric(_ node: Node) throws -> (name: String, mode: SuccessiveHalving.Mode) {
        let fields = try mapping(node, keys: ["name", "goal"], what: "metric:")
        let names = ["val_accuracy", "val_loss", "accuracy", "loss"]
        guard let name = fields["name"]?.scalar?.string, names.contains(name) else {
            throw fail(fields["name"] ?? node, "metric name must be one of \(names.joined(separator: ", ")) "
                + "(got \(fields["name"].map(describe) ?? "nothing"))")
        }
        switch fields["goal"]?.scalar?.string {
        case "maximize": return (name, .max)
        case "minimize": return (name, .min)
        case nil: return (name, name.hasSuffix("loss") ? .min : .max)
        default: throw fail(fields["goal"]!, "metric goal must be maximize or minimize")
        }
    }

    /// `early_terminate: {type: hyperband, min_epochs: 1, eta: 3}`.
    func earlyTermination(_ node: Node, metric: (name: String, mode: SuccessiveHalving.Mode)) throws -> EarlyTermination {
        let fields = try mapping(node, keys: ["type", "min_epochs", "eta"], what: "early_terminate:")
        let kinds = EarlyTermination.Kind.allCases.map(\.rawValue).joined(separator: " or ")
        guard let text = fields["type"]?.scalar?.string, let kind = EarlyTermination.Kind(rawValue: text) else {
            throw fail(fields["type"] ?? node, "early_terminate type must be \(kinds)")
        }
        var termination = EarlyTermination(kind: kind, metric: metric.name, mode: metric.mode)
        if let field = fields["min_epochs"] { termination.minEpochs = try positiveInteger(field, key: "min_epochs") }
        if let field = fields["eta"] {
            termination.eta = try positiveInteger(field, key: "eta")
            guard termination.eta >= 2 else { throw fail(field, "eta must be ≥ 2 (got \(termination.eta))") }
        }
        return termination
    }

    /// A mapping's values by key, refusing keys outside `keys`.
    private func mapping(_ node: Node, keys: [String], what: String) throws -> [String: Node] {
        guard case .mapping(let mapping) = node else {
            throw fail(node, "\(what) must be a mapping of \(keys.joined(separator: ", "))")
        }
        var fields: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? ""
            guard keys.contains(key) else {
                throw fail(keyNode, "unknown key '\(key)' in \(what); known: \(keys.joined(separator: ", "))")
            }
            fields[key] = value
        }
        return fields
    }
}
