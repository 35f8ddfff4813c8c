import Testing
@testable import BatchLabExperiments

/// Each case is a sweep file, the line its error must name, and the start of the message.
struct SweepSpecErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var yaml: String
        var line: Int
        var message: String
        var testDescription: String { message }
    }

    private func error(_ yaml: String) throws -> SweepSpecError {
        do {
            _ = try SweepSpec.parse(yaml, fileName: "sweep.yaml")
        } catch let error as SweepSpecError {
            return error
        }
        Issue.record("parsed without error:\n\(yaml)")
        return SweepSpecError(fileName: "", line: 0, message: "")
    }

    @Test func unknownParameterNamesTheKeyAndTheKnownOnes() throws {
        let yaml = """
            name: lr-batch
            method: grid
            parameters:
              model: seed-cnn
              epochs: 3
              batch_size: [32, 128]
              learning_rate: [0.1, 0.01]
            """
        let error = try error(yaml)
        #expect(error.line == 7)
        #expect(error.description.hasPrefix("sweep.yaml:7: unknown parameter 'learning_rate'; known: name, model, data.folder, data.subset,"))
        #expect(error.description.hasSuffix("logging.log_every_steps, logging.metrics_out (the keys of `batchlab train --print-config`)"))
    }

    @Test func wrongTypeQuotesWhatWasWritten() throws {
        let yaml = "name: s\nmethod: grid\nparameters:\n  epochs: 3\n  batch_size: big\n"
        #expect(try error(yaml).description == #"sweep.yaml:5: 'batch_size' must be an integer (got "big")"#)
    }

    static let valueCases: [Case] = [
        Case(yaml: "parameters:\n  batch_size: 0\n", line: 2, message: "'batch_size' must be ≥ 1 (got 0)"),
        Case(yaml: "parameters:\n  lr: 0.1\n  epochs: 0\n", line: 3, message: "'epochs' must be ≥ 1 (got 0)"),
        Case(yaml: "parameters:\n  lr: [0.1,\n    -1]\n", line: 3, message: "'optimizer.lr' must be a positive number (got -1.0)"),
        Case(yaml: "parameters:\n  lr: inf\n", line: 2, message: "'optimizer.lr' must be a positive number (got inf)"),
        Case(yaml: "parameters:\n  momentum: 1\n", line: 2, message: "'optimizer.momentum' must be in [0, 1) (got 1.0)"),
        Case(yaml: "parameters:\n  validation_split: 1\n", line: 2, message: "'data.validation_split' must be between 0 and 1 (got 1.0)"),
        Case(yaml: "parameters:\n  plateau_factor: 0\n", line: 2, message: "'callbacks.reduce_lr_on_plateau.factor' must be in (0, 1) (got 0.0)"),
        Case(yaml: "parameters:\n  plateau_patience: -1\n", line: 2, message: "'callbacks.reduce_lr_on_plateau.patience' must be ≥ 1 (got -1)"),
        Case(yaml: "parameters:\n  batch_size: 1.5\n", line: 2, message: #"'batch_size' must be an integer (got "1.5")"#),
        Case(yaml: "parameters:\n  lr: fast\n", line: 2, message: #"'optimizer.lr' must be a number (got "fast")"#),
        Case(yaml: "parameters:\n  lr:\n", line: 2, message: "'optimizer.lr' must be a number (got null)"),
        Case(yaml: "parameters:\n  early_stopping: yes\n", line: 2, message: #"'callbacks.early_stopping' must be true or false (got "yes")"#),
        Case(yaml: "parameters:\n  seed: -1\n", line: 2, message: #"'seed' must be an integer from 0 to"#),
        Case(yaml: "parameters:\n  optimizer: rmsprop\n", line: 2, message: #"'optimizer.name' must be one of adam, sgd (got "rmsprop")"#),
        Case(yaml: "parameters:\n  preprocessing: [scale, whiten]\n", line: 2, message: #"'data.preprocessing' must be one of scale, standardize (got "whiten")"#),
        Case(yaml: "parameters:\n  scale_lr: square\n", line: 2, message: #"'lr_scaling.rule' must be one of none, linear, sqrt (got "square")"#),
        Case(yaml: "parameters:\n  schedule: {value: linear}\n", line: 2, message: #"'schedule.name' must be one of constant, cosine, step, exp (got "linear")"#),
        Case(yaml: "parameters:\n  model: \"\"\n", line: 2, message: "'model' must be a non-empty string"),
    ]

    @Test(arguments: valueCases) func badValuesNameTheirLine(_ c: Case) throws {
        let error = try error(c.yaml)
        #expect(error.line == c.line)
        #expect(error.description.hasPrefix("sweep.yaml:\(c.line): \(c.message)"))
    }

    static let structureCases: [Case] = [
        Case(yaml: "parameters:\n  epochs: 3\n  lr: []\n", line: 3, message: "'optimizer.lr' has an empty values list"),
        Case(yaml: "parameters:\n  lr: {values: []}\n", line: 2, message: "'optimizer.lr' has an empty values list"),
        Case(yaml: "parameters:\n  lr: [0.1, 0.1]\n", line: 2, message: "'optimizer.lr' lists 0.1 twice"),
        Case(yaml: "parameters:\n  lr: {min: 0.001, max: 0.1}\n", line: 2, message: "'optimizer.lr' takes {value: x}, {values: [...]} or {distribution: ..., min: ..., max: ...}"),
        Case(yaml: "parameters:\n  lr: {value: [0.1, 0.2]}\n", line: 2, message: "'optimizer.lr' value: takes one value; use values: [...]"),
        Case(yaml: "parameters:\n  name: x\n", line: 2, message: "'name' names one run; set it in a runs: entry"),
        Case(yaml: "- lr: 0.1\n", line: 1, message: "the top level must be a mapping"),
        Case(yaml: "name: s\nmethod: grid\nprogram: train.py\n", line: 3, message: "unknown top-level key 'program'; known: name, method, count, search_seed, seeds, parallel, metric, early_terminate, parameters, runs"),
        Case(yaml: "name: s\nmethod: bayes\nparameters: {lr: 0.1}\n", line: 2,
             message: "method 'bayes' is not supported; use grid or random (W&B's bayes is not implemented)"),
        Case(yaml: "parallel: 0\nparameters: {lr: 0.1}\n", line: 1, message: "parallel must be ≥ 1 (got 0)"),
        Case(yaml: "parallel: two\nparameters: {lr: 0.1}\n", line: 1, message: #"parallel must be an integer (got "two")"#),
        Case(yaml: "name: s\n", line: 1, message: "nothing to run; add parameters: (a grid) or runs: (a list of runs)"),
        Case(yaml: "", line: 1, message: "empty sweep file"),
        Case(yaml: "parameters: [lr]\n", line: 1, message: "parameters: must map parameter names to values"),
    ]

    @Test(arguments: structureCases) func badStructureNamesItsLine(_ c: Case) throws {
        let error = try error(c.yaml)
        #expect(error.line == c.line)
        #expect(error.description.hasPrefix("sweep.yaml:\(c.line): \(c.message)"))
    }

    static let runsCases: [Case] = [
        Case(yaml: "parameters:\n  epochs: 3\n  lr: [0.1, 0.01]\nruns:\n  - {name: a}\n", line: 3,
             message: "'optimizer.lr' lists 2 values, but runs: lists the runs itself"),
        Case(yaml: "runs:\n  - {name: a, lr: 0.1}\n  - {name: b}\n  - {name: a, lr: 0.2}\n", line: 4,
             message: "run name 'a' is already used on line 2"),
        Case(yaml: "runs:\n  - {lr: 0.1}\n  - lr: 0.1\n", line: 3, message: "run name 'lr=0.1' is already used on line 2"),
        Case(yaml: "runs:\n  - {lr: [0.1, 0.2]}\n", line: 2, message: "'optimizer.lr' lists 2 values; a runs: entry takes one value per key"),
        Case(yaml: "runs:\n  - {name: a}\n  - {nmae: b}\n", line: 3, message: "unknown parameter 'nmae'"),
        Case(yaml: "runs:\n  - {name: a}\n  - baseline\n", line: 3, message: "each runs: entry must be a mapping"),
        Case(yaml: "runs: []\n", line: 1, message: "runs: must be a non-empty list"),
    ]

    @Test(arguments: runsCases) func badRunsNameTheirLine(_ c: Case) throws {
        let error = try error(c.yaml)
        #expect(error.line == c.line)
        #expect(error.description.hasPrefix("sweep.yaml:\(c.line): \(c.message)"))
    }

    @Test func malformedYAMLIsOneLineWithItsLine() throws {
        let error = try error("name: s\nparameters:\n  lr: 0.1\n\tbatch_size: 32\n")
        #expect(error.line == 4)
        #expect(error.description.hasPrefix("sweep.yaml:4: malformed YAML: "))
        #expect(!error.description.contains("\n"))
    }

    @Test func unclosedFlowListIsMalformed() throws {
        let error = try error("parameters:\n  lr: [0.1, 0.2\n  batch_size: 32\n")
        #expect(error.description == "sweep.yaml:3: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 2)")
    }

    @Test func twoDocumentsAreOneTooMany() throws {
        #expect(try error("parameters: {lr: 0.1}\n---\nparameters: {lr: 0.2}\n").description
            == "sweep.yaml:2: malformed YAML: expected a single document in the stream but found another document")
    }

    @Test func duplicateKeysNameTheFirstOne() throws {
        let error = try error("parameters:\n  lr: 0.1\n  epochs: 3\n  lr: 0.2\n")
        #expect(error.line == 2)
        #expect(error.description.hasPrefix("sweep.yaml:2: duplicate key 'lr'"))
    }

    /// A sweep's size is bounded before any run is built: a random search's count, a grid's product.
    @Test func aSweepOfTooManyRunsIsRefusedBeforeAnyIsBuilt() throws {
        #expect(try error("method: random\ncount: 1000000000\nparameters:\n  epochs: 1\n").description
                == "sweep.yaml:2: count must be at most 10,000 runs (got 1000000000)")
        let values = (1...101).map(String.init).joined(separator: ", ")
        #expect(try error("parameters:\n  seed: [\(values)]\n  batch_size: [\(values)]\n").description
                == "sweep.yaml:1: the grid has more than 10,000 runs; sweep fewer values, or use method: random with a count")
    }
}
