import Testing
@testable import BatchLabExperiments

/// The random-search and early-termination keys of a sweep file: `count`, `search_seed`,
/// distributions, `metric` and `early_terminate`, and the errors each gives, with its line.
struct SweepSpecReaderSearchTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var yaml: String
        var line: Int
        var message: String
        var testDescription: String { message }
    }

    private func error(_ yaml: String) -> SweepSpecError {
        do {
            _ = try SweepSpec.parse(yaml, fileName: "sweep.yaml")
        } catch let error as SweepSpecError {
            return error
        } catch {
            Issue.record("not a SweepSpecError: \(error)")
        }
        Issue.record("parsed without error:\n\(yaml)")
        return SweepSpecError(fileName: "", line: 0, message: "")
    }

    /// `parameters:` of a random search of 2 runs, one key per case, on line 4.
    private static func random(_ parameter: String) -> String {
        "method: random\ncount: 2\nparameters:\n  \(parameter)\n"
    }

    // MARK: - Method and count

    static let methodCases: [Case] = [
        Case(yaml: "method: random\nparameters:\n  lr: [0.1, 0.01]\n", line: 1,
             message: "method random needs count: N, the number of runs to draw"),
        Case(yaml: "method: random\ncount: 2\nruns:\n  - {lr: 0.1}\n", line: 4,
             message: "method random draws its runs; drop runs: or use method grid"),
        Case(yaml: "count: 4\nparameters:\n  lr: [0.1, 0.01]\n", line: 1,
             message: "count: is for method random; a grid runs every combination"),
        Case(yaml: "method: grid\ncount: 4\nparameters:\n  lr: [0.1, 0.01]\n", line: 2,
             message: "count: is for method random; a grid runs every combination"),
        Case(yaml: "method: random\ncount: 0\nparameters:\n  lr: [0.1, 0.01]\n", line: 2, message: "count must be ≥ 1 (got 0)"),
        Case(yaml: "method: random\ncount: 2\nsearch_seed: -1\nparameters:\n  lr: [0.1, 0.01]\n", line: 3,
             message: #"search_seed must be an integer ≥ 0 (got "-1")"#),
        Case(yaml: "parameters:\n  epochs: 3\n  lr: {distribution: uniform, min: 0.01, max: 0.1}\n", line: 3,
             message: "'optimizer.lr' has a distribution, which needs method: random"),
    ]

    @Test(arguments: methodCases) func methodAndCountErrorsNameTheirLine(_ c: Case) {
        let error = error(c.yaml)
        #expect(error.line == c.line)
        #expect(error.description.hasPrefix("sweep.yaml:\(c.line): \(c.message)"))
    }

    // MARK: - Distributions

    static let distributionCases: [Case] = [
        Case(yaml: random("lr: {distribution: normal, min: 0.01, max: 0.1}"), line: 4,
             message: "'optimizer.lr' distribution must be one of uniform, log_uniform_values, int_uniform, q_log_uniform_values"),
        Case(yaml: random("lr: {distribution: uniform, min: 0.1, max: 0.01}"), line: 4,
             message: "'optimizer.lr' uniform needs finite min < max (got min 0.1, max 0.01)"),
        Case(yaml: random("lr: {distribution: uniform, min: 0.1, max: 0.1}"), line: 4,
             message: "'optimizer.lr' uniform needs finite min < max (got min 0.1, max 0.1)"),
        Case(yaml: random("lr: {distribution: log_uniform_values, min: 0, max: 0.1}"), line: 4,
             message: "'optimizer.lr' log_uniform_values needs 0 < min < max, both finite (got min 0.0, max 0.1)"),
        Case(yaml: random("lr: {distribution: log_uniform_values, min: 0.1, max: 1e-4}"), line: 4,
             message: "'optimizer.lr' log_uniform_values needs 0 < min < max, both finite (got min 0.1, max 0.0001)"),
        Case(yaml: random("batch_size: {distribution: int_uniform, min: 64, max: 64}"), line: 4,
             message: "'batch_size' int_uniform needs min < max (got min 64, max 64)"),
        Case(yaml: random("batch_size: {distribution: int_uniform, min: 16.5, max: 64}"), line: 4,
             message: "'batch_size' int_uniform needs integer min and max"),
        Case(yaml: random("batch_size: {distribution: q_log_uniform_values, min: 16, max: 512, q: 32}"), line: 4,
             message: "'batch_size' q_log_uniform_values needs 0 < q ≤ min, so that no sample rounds to 0 (got q 32.0, min 16.0)"),
        Case(yaml: random("lr: {distribution: uniform, min: 0.01}"), line: 4, message: "'optimizer.lr' uniform needs max:"),
        Case(yaml: random("lr: {distribution: uniform, min: low, max: 0.1}"), line: 4,
             message: #"'optimizer.lr' min must be a number (got "low")"#),
        // A real distribution on an integer key, and the other way round.
        Case(yaml: random("batch_size: {distribution: uniform, min: 16, max: 64}"), line: 4,
             message: "'batch_size' takes integers: use int_uniform or q_log_uniform_values"),
        Case(yaml: random("batch_size: {distribution: log_uniform_values, min: 16, max: 512}"), line: 4,
             message: "'batch_size' takes integers: use int_uniform or q_log_uniform_values"),
        Case(yaml: random("lr: {distribution: int_uniform, min: 1, max: 2}"), line: 4,
             message: "'optimizer.lr' takes real numbers: use uniform or log_uniform_values"),
        Case(yaml: random("optimizer: {distribution: uniform, min: 0, max: 1}"), line: 4,
             message: "'optimizer.name' is not numeric; give it values: [...] to draw from"),
        // Both bounds must be values the key accepts.
        Case(yaml: random("target_accuracy: {distribution: uniform, min: 0.5, max: 1.5}"), line: 4,
             message: "'callbacks.target_accuracy.target' must be in (0, 1] (got 1.5)"),
        Case(yaml: random("warmup_epochs: {distribution: int_uniform, min: -1, max: 3}"), line: 4,
             message: "'schedule.warmup_epochs' must be ≥ 0 (got -1)"),
        Case(yaml: random("lr: {distribution: uniform, min: 0.01, max: 0.1, step: 0.01}"), line: 4,
             message: "unknown key 'step' in a distribution; known: distribution, min, max, q"),
        Case(yaml: random("lr: {min: 0.01, max: 0.1}"), line: 4,
             message: "'optimizer.lr' takes {value: x}, {values: [...]} or {distribution: ..., min: ..., max: ...}"),
    ]

    @Test(arguments: distributionCases) func distributionErrorsNameTheirLine(_ c: Case) {
        let error = error(c.yaml)
        #expect(error.line == c.line)
        #expect(error.description.hasPrefix("sweep.yaml:\(c.line): \(c.message)"))
    }

    /// A block-style distribution: the error names the line of its first key.
    @Test func aBlockDistributionErrorNamesItsFirstLine() {
        let yaml = "method: random\ncount: 2\nparameters:\n  lr:\n    distribution: uniform\n    min: 1\n    max: 0.5\n"
        let error = error(yaml)
        #expect(error.line == 5)
        #expect(error.message == "'optimizer.lr' uniform needs finite min < max (got min 1.0, max 0.5)")
    }

    @Test func uniformOnARealKeyWithinItsRangeIsAccepted() throws {
        let yaml = Self.random("target_accuracy: {distribution: uniform, min: 0.5, max: 0.9}")
        let runs = try SweepSpec.parse(yaml, fileName: "s.yaml").runs()
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { (0.5...0.9).contains($0.configuration.callbacks.targetAccuracy?.target ?? 0) })
    }

    /// momentum is real but below 1: a key is numeric by its type, not by whether it accepts 1.
    @Test
    func uniformOnMomentumIsAccepted() throws {
        let yaml = Self.random("momentum: {distribution: uniform, min: 0.8, max: 0.99}")
        let runs = try SweepSpec.parse(yaml, fileName: "s.yaml").runs()
        #expect(runs.allSatisfy { (0.8...0.99).contains($0.configuration.optimizer.momentum) })
    }

    // MARK: - Metric and early termination

    @Test func earlyTerminateWithItsSettings() throws {
        let yaml = "early_terminate: {type: hyperband, min_epochs: 2, eta: 4}\nparameters:\n  lr: [0.1, 0.01]\n"
        #expect(try SweepSpec.parse(yaml, fileName: "s.yaml").earlyTermination
            == EarlyTermination(kind: .hyperband, minEpochs: 2, eta: 4, metric: "val_accuracy", mode: .max))
    }

    /// W&B's defaults: r = 1, η = 3, ranked by val_accuracy, higher better.
    @Test func earlyTerminateDefaults() throws {
        let yaml = "early_terminate: {type: successive_halving}\nparameters:\n  lr: [0.1, 0.01]\n"
        let termination = try #require(try SweepSpec.parse(yaml, fileName: "s.yaml").earlyTermination)
        #expect(termination == EarlyTermination(kind: .successiveHalving, minEpochs: 1, eta: 3, metric: "val_accuracy", mode: .max))
        #expect(try SweepSpec.parse("parameters:\n  lr: [0.1, 0.01]\n", fileName: "s.yaml").earlyTermination == nil)
    }

    /// Without goal:, a metric whose name ends in "loss" is minimised, any other maximised; a
    /// goal wins over the name. `metric:` may come after `early_terminate:`.
    @Test(arguments: [
        ("{name: val_loss}", "val_loss", SuccessiveHalving.Mode.min),
        ("{name: loss}", "loss", .min),
        ("{name: val_accuracy}", "val_accuracy", .max),
        ("{name: val_loss, goal: maximize}", "val_loss", .max),
        ("{name: val_accuracy, goal: minimize}", "val_accuracy", .min),
    ])
    func metricModeFollowsTheGoalElseTheName(metric: String, name: String, mode: SuccessiveHalving.Mode) throws {
        let yaml = "early_terminate: {type: hyperband}\nmetric: \(metric)\nparameters:\n  lr: [0.1, 0.01]\n"
        let termination = try #require(try SweepSpec.parse(yaml, fileName: "s.yaml").earlyTermination)
        #expect(termination.metric == name && termination.mode == mode)
    }

    static let terminationCases: [Case] = [
        Case(yaml: "early_terminate: {type: median}\nparameters: {lr: 0.1}\n", line: 1,
             message: "early_terminate type must be successive_halving or hyperband"),
        Case(yaml: "parameters: {lr: 0.1}\nearly_terminate: {eta: 3}\n", line: 2,
             message: "early_terminate type must be successive_halving or hyperband"),
        Case(yaml: "early_terminate:\n  type: hyperband\n  eta: 1\nparameters: {lr: 0.1}\n", line: 3, message: "eta must be ≥ 2 (got 1)"),
        Case(yaml: "early_terminate:\n  type: hyperband\n  min_epochs: 0\nparameters: {lr: 0.1}\n", line: 3,
             message: "min_epochs must be ≥ 1 (got 0)"),
        Case(yaml: "early_terminate: {type: hyperband, max_iter: 27}\nparameters: {lr: 0.1}\n", line: 1,
             message: "unknown key 'max_iter' in early_terminate:; known: type, min_epochs, eta"),
        Case(yaml: "early_terminate: hyperband\nparameters: {lr: 0.1}\n", line: 1,
             message: "early_terminate: must be a mapping of type, min_epochs, eta"),
        Case(yaml: "name: s\nmetric: {name: val_loss, goal: lower}\nparameters: {lr: 0.1}\n", line: 2,
             message: "metric goal must be maximize or minimize"),
        Case(yaml: "metric: {goal: minimize}\nparameters: {lr: 0.1}\n", line: 1,
             message: "metric name must be one of val_accuracy, val_loss, accuracy, loss (got nothing)"),
        // A misspelt metric would stop every run at its first rung (its value is missing): refused.
        Case(yaml: "metric: {name: val_acc}\nparameters: {lr: 0.1}\n", line: 1,
             message: "metric name must be one of val_accuracy, val_loss, accuracy, loss (got \"val_acc\")"),
        Case(yaml: "metric: {name: val_loss, target: 0.1}\nparameters: {lr: 0.1}\n", line: 1,
             message: "unknown key 'target' in metric:; known: name, goal"),
    ]

    @Test(arguments: terminationCases) func terminationErrorsNameTheirLine(_ c: Case) {
        let error = error(c.yaml)
        #expect(error.line == c.line)
        #expect(error.description.hasPrefix("sweep.yaml:\(c.line): \(c.message)"))
    }
}
