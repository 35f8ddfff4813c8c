import BatchLabConfig
import Yams

/// Reads a sweep file node by node, so that every error names its key and line.
struct SweepSpecReader {
    let fileName: String
    let text: String

    private static let topLevelKeys = ["name", "method", "count", "search_seed", "seeds", "parallel", "metric", "early_terminate",
                                       "parameters", "runs"]

    /// One `parameters:` entry before it is sorted into fixed, grid and searched.
    private struct Entry {
        var parameter: SweepParameter
        var values: [SweepValue]
        var distribution: SearchDistribution?
        var line: Int
    }

    func read() throws -> SweepSpec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw SweepSpecError(fileName: fileName, yaml: error, text: text)
        }
        guard let root else {
            throw SweepSpecError(fileName: fileName, line: 1, message: "empty sweep file; \(Self.needsRuns)")
        }
        guard case .mapping(let top) = root else {
            throw fail(root, "the top level must be a mapping of \(Self.topLevelKeys.joined(separator: ", "))")
        }
        var spec = SweepSpec(fileName: fileName, method: .grid, fixed: [], grid: [])
        var entries: [Entry]?
        var runsNode: Node?
        var methodNode: Node?, countNode: Node?, terminationNode: Node?
        var metric = (name: "val_accuracy", mode: SuccessiveHalving.Mode.max)
        for (keyNode, value) in top {
            switch keyNode.scalar?.string {
            case "name":
                spec.name = try string(value, key: "name")
                // It names a folder of logs and every run's files: a file name's length is the bound.
                guard let name = spec.name, (1...100).contains(name.count) else {
                    throw fail(value, "name must be 1 to 100 characters (got \(spec.name?.count ?? 0))")
                }
            case "method":
                let method = try string(value, key: "method")
                guard let parsed = SweepSpec.Method(rawValue: method) else {
                    throw fail(value, "method '\(method)' is not supported; use grid or random (W&B's bayes is not implemented)")
                }
                spec.method = parsed
                methodNode = value
            case "count":
                let count = try positiveInteger(value, key: "count")
                guard count <= Limits.sweepRuns else {
                    throw fail(value, "count must be at most \(Limits.sweepRuns.formatted()) runs (got \(count))")
                }
                spec.count = count
                countNode = value
            case "search_seed":
                guard let seed = value.scalar.flatMap({ UInt64($0.string) }) else {
                    throw fail(value, "search_seed must be an integer ≥ 0 (got \(describe(value)))")
                }
                spec.searchSeed = seed
            case "metric": metric = try self.metric(value)
            case "early_terminate": terminationNode = value
            case "parallel": spec.parallel = try positiveInteger(value, key: "parallel")
            case "seeds":
                let seeds = try positiveInteger(value, key: "seeds")
                guard seeds <= Limits.seeds else { throw fail(value, "seeds must be at most \(Limits.seeds) (got \(seeds))") }
                spec.seeds = seeds
            case "parameters": entries = try parameters(value)
            case "runs": runsNode = value
            default:
                let known = Self.topLevelKeys.joined(separator: ", ")
                throw fail(keyNode, "unknown top-level key '\(keyNode.scalar?.string ?? "?")'; known: \(known)")
            }
        }
        guard entries != nil || runsNode != nil else { throw fail(root, "nothing to run; \(Self.needsRuns)") }
        if let terminationNode {
            spec.earlyTermination = try earlyTermination(terminationNode, metric: metric)
        }
        if spec.method == .random {
            guard spec.count != nil else {
                throw fail(methodNode ?? root, "method random needs count: N, the number of runs to draw")
            }
            guard runsNode == nil else { throw fail(runsNode!, "method random draws its runs; drop runs: or use method grid") }
        } else if let countNode {
            throw fail(countNode, "count: is for method random; a grid runs every combination")
        }
        for entry in entries ?? [] {
            if let distribution = entry.distribution {
                guard spec.method == .random else {
                    throw SweepSpecError(fileName: fileName, line: entry.line, message: "'\(entry.parameter.key)' has a"
                        + " distribution, which needs method: random")
                }
                spec.searched.append(SearchedParameter(entry.parameter, .distribution(distribution)))
            } else if entry.values.count == 1 {
                spec.fixed.append(SweepSetting(entry.parameter, entry.values[0]))
            } else if runsNode != nil {
                let message = "'\(entry.parameter.key)' lists \(entry.values.count) values, but runs:"
                    + " lists the runs itself; give one value here, or drop runs: to sweep the grid"
                throw SweepSpecError(fileName: fileName, line: entry.line, message: message)
            } else if spec.method == .random {
                spec.searched.append(SearchedParameter(entry.parameter, .values(entry.values)))
            } else {
                spec.grid.append(SweepAxis(entry.parameter, entry.values))
            }
        }
        if let runsNode { spec.explicitRuns = try runs(runsNode, studyName: spec.studyName) }
        // Counted before any run is built: a grid's product can be large.
        var product = 1
        for axis in spec.grid {
            let (next, overflow) = product.multipliedReportingOverflow(by: axis.values.count)
            guard !overflow, next <= Limits.sweepRuns else {
                throw SweepSpecError(fileName: fileName, line: 1, message: "the grid has more than \(Limits.sweepRuns.formatted()) runs; "
                    + "sweep fewer values, or use method: random with a count")
            }
            product = next
        }
        if let explicit = spec.explicitRuns, explicit.count > Limits.sweepRuns {
            throw fail(runsNode!, "runs: lists \(explicit.count) runs; at most \(Limits.sweepRuns.formatted())")
        }
        return spec
    }

    private static let needsRuns = "add parameters: (a grid) or runs: (a list of runs)"

    // MARK: - Sections

    func positiveInteger(_ node: Node, key: String) throws -> Int {
        guard let text = node.scalar?.string, let count = Int(text) else {
            throw fail(node, "\(key) must be an integer (got \(describe(node)))")
        }
        guard count >= 1 else { throw fail(node, "\(key) must be ≥ 1 (got \(count))") }
        return count
    }

    private func parameters(_ node: Node) throws -> [Entry] {
        guard case .mapping(let mapping) = node else {
            throw fail(node, "parameters: must map parameter names to values, as in 'lr: [0.001, 0.01]'")
        }
        return try mapping.map { keyNode, value in
            let parameter = try self.parameter(keyNode)
            guard parameter != .name else {
                throw fail(keyNode, "'name' names one run; set it in a runs: entry"
                    + " (grid runs are named after their swept values)")
            }
            if case .mapping(let inner) = value, inner.keys.contains(where: { $0.scalar?.string == "distribution" }) {
                return Entry(parameter: parameter, values: [], distribution: try distribution(value, for: parameter),
                             line: line(of: value))
            }
            return Entry(parameter: parameter, values: try values(value, for: parameter), line: line(of: value))
        }
    }

    private func runs(_ node: Node, studyName: String) throws -> [[SweepSetting]] {
        guard case .sequence(let list) = node, !list.isEmpty else {
            throw fail(node, "runs: must be a non-empty list of mappings, as in '- {name: baseline, lr: 0.001}'")
        }
        var nameLines: [String: Int] = [:]
        return try list.map { entry in
            guard case .mapping(let mapping) = entry else {
                throw fail(entry, "each runs: entry must be a mapping, as in '{name: baseline, lr: 0.001}'")
            }
            var settings: [SweepSetting] = []
            var nameNode = entry
            for (keyNode, value) in mapping {
                let parameter = try self.parameter(keyNode)
                let values = try self.values(value, for: parameter)
                guard values.count == 1 else {
                    throw fail(value, "'\(parameter.key)' lists \(values.count) values; a runs: entry"
                        + " takes one value per key, so give each combination its own entry")
                }
                if parameter == .name { nameNode = value }
                settings.append(SweepSetting(parameter, values[0]))
            }
            let name = settings.first { $0.parameter == .name }?.value.description
                ?? (settings.isEmpty ? studyName : RunSpec.defaultName(for: settings))
            if let earlier = nameLines[name] {
                throw fail(nameNode, "run name '\(name)' is already used on line \(earlier);"
                    + " give each run its own name:")
            }
            nameLines[name] = line(of: nameNode)
            return [SweepSetting(.name, .text(name))] + settings.filter { $0.parameter != .name }
        }
    }

    // MARK: - Values

    private func parameter(_ keyNode: Node) throws -> SweepParameter {
        let key = keyNode.scalar?.string ?? describe(keyNode)
        guard let parameter = SweepParameter(key) else {
            let known = SweepParameter.known
            let suggestion = ConfigurationError.closest(to: key, in: known).map { "did you mean '\($0)'?" }
                ?? "known: \(known.joined(separator: ", "))"
            throw fail(keyNode, "unknown parameter '\(key)'; \(suggestion) (the keys of `batchlab train --print-config`)")
        }
        return parameter
    }

    /// A scalar, a list, `{value: x}` or `{values: [...]}`, checked against the parameter.
    private func values(_ node: Node, for parameter: SweepParameter) throws -> [SweepValue] {
        let key = parameter.key
        switch node {
        case .scalar, .alias:
            return [try value(node, for: parameter)]
        case .sequence(let items):
            guard !items.isEmpty else { throw fail(node, "'\(key)' has an empty values list; give at least one value") }
            var values: [SweepValue] = []
            for item in items {
                let value = try self.value(item, for: parameter)
                guard !values.contains(value) else { throw fail(item, "'\(key)' lists \(value) twice") }
                values.append(value)
            }
            return values
        case .mapping(let mapping):
            guard mapping.count == 1, case let (wordNode, inner)? = mapping.first,
                  let word = wordNode.scalar?.string, word == "value" || word == "values" else {
                throw fail(node, "'\(key)' takes {value: x}, {values: [...]} or {distribution: ..., min: ..., max: ...}")
            }
            if word == "values", case .sequence = inner { return try values(inner, for: parameter) }
            if word == "value", case .scalar = inner { return [try value(inner, for: parameter)] }
            throw fail(inner, word == "value"
                ? "'\(key)' value: takes one value; use values: [...] to sweep"
                : "'\(key)' values: takes a list, as in [1, 2]")
        }
    }

    func value(_ node: Node, for parameter: SweepParameter) throws -> SweepValue {
        guard let scalar = node.scalar else {
            throw fail(node, "'\(parameter.key)' must be a single value here (got \(describe(node)))")
        }
        do {
            return try parameter.value(of: scalar.string, isNull: isNull(scalar))
        } catch {
            throw fail(node, error.description)
        }
    }

    private func string(_ node: Node, key: String) throws -> String {
        guard let scalar = node.scalar, !isNull(scalar), !scalar.string.isEmpty else {
            throw fail(node, "\(key) must be a non-empty string (got \(describe(node)))")
        }
        return scalar.string
    }

    // MARK: - Helpers

    func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return isNull(scalar) ? "null" : "\"\(scalar.string)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    func line(of node: Node) -> Int { node.mark?.line ?? 1 }

    func fail(_ node: Node, _ message: String) -> SweepSpecError {
        SweepSpecError(fileName: fileName, line: line(of: node), message: message)
    }
}
