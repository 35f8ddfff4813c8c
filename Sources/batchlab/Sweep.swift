import ArgumentParser
import BatchLabConfig
import BatchLabDistributed
import BatchLabExperiments
import BatchLabTracking
import BatchLabTraining
import Foundation

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a grid or a random search of configurations side by side, each in its own process (or on MPI ranks under mpirun), into the run store.",
        discussion: """
            Either a sweep file (YAML, in the spirit of W&B sweeps; see the README) or grids given as flags:
              batchlab sweep --lr 1e-4,1e-3,0.1 --batch-size 32,128 --epochs 3 --subset 10000
            """)

    @Argument(help: "Sweep file (YAML).") var file: String?
    @Option(parsing: .unconditional, help: "Comma-separated learning rates (without FILE).") var lr: String?
    @Option(parsing: .unconditional, help: "Comma-separated batch sizes (without FILE).") var batchSize: String?
    @Option(help: "Model (without FILE; default \(defaults.model.name)).") var model: String?
    @Option(help: "Scale each run's lr with its batch size: linear, sqrt or none.") var scaleLr: LearningRateScaling?
    @Option(parsing: .unconditional, help: "With --scale-lr: the batch size the lr was tuned for.") var baseBatchSize: Int?
    @Option(parsing: .unconditional, help: "Epochs for every run (overrides the file).") var epochs: Int?
    @Option(parsing: .unconditional, help: "Train every run on the first N images (overrides the file).") var subset: Int?
    @Option(parsing: .unconditional, help: "Seed for every run (overrides the file).") var seed: UInt64?
    @Option(help: "Study name (default: the file's `name`, else its file name, else `sweep`).") var study: String?
    @Option(help: "Write the comparison report here when the sweep ends.") var report: String?
    @Option(help: ArgumentHelp("Continue the sweep of this study: finished runs stay, interrupted and failed ones resume "
                               + "from their checkpoints, the rest start; early-termination decisions taken stand.",
                               valueName: "study"))
    var resume: String?
    @OptionGroup(title: "Execution") var execution: SweepOptions
    @Option(parsing: .unconditional, help: ArgumentHelp("Under mpirun: train each run data-parallel on groups of K ranks (default 1); "
                                                        + "rank 0 holds the queue and the store, so the job needs 1 + a multiple of K ranks.",
                                                        valueName: "K"))
    var ranksPerRun: Int?

    func validate() throws {
        if let ranksPerRun, !(1...Limits.sweepRuns).contains(ranksPerRun) {
            throw ValidationError("--ranks-per-run must be from 1 to \(Limits.sweepRuns.formatted()) (got \(ranksPerRun))")
        }
        if resume != nil, file != nil || lr != nil || batchSize != nil || model != nil || epochs != nil || subset != nil || seed != nil
            || scaleLr != nil || baseBatchSize != nil || study != nil {
            throw ValidationError("--resume continues a sweep with its own runs; give only --parallel, --threads-per-run, --data, --store or --report with it")
        }
        if file != nil, lr != nil || batchSize != nil || model != nil {
            throw ValidationError("give either a sweep FILE or --lr/--batch-size/--model grids, not both")
        }
    }

    func run() throws {
        let stop = StopSignal()
        // Under mpirun (or srun), rank 0 runs the sweep and the other ranks train its runs.
        guard let world = try MPIWorld.joinIfLaunched() else {
            if ranksPerRun != nil { throw CommandError("--ranks-per-run is for sweeps under mpirun or srun") }
            return try run(execution.sweeps(stop: stop), stop: stop)
        }
        try world.running {
            if let sweeps = try execution.sweeps(in: world, ranksPerRun: ranksPerRun ?? 1, stop: stop) { try run(sweeps, stop: stop) }
        }
    }

    /// The sweep, or `--resume`, on `sweeps`.
    private func run(_ sweeps: SweepExecution, stop: StopSignal) throws {
        if let resume { return try finish(try sweeps.resume(study: resume), study: resume, stop: stop) }
        var (specs, name, preferredParallel, termination) = try plan()
        // Its best run, its rungs and its targets select on held-out training images, keeping the
        // test set for one measurement of the chosen run (a run may name its own split).
        specs = try specs.map(applyingOverrides).map { spec in
            var spec = spec
            spec.configuration.data = spec.configuration.data.heldOutForSelection()
            return spec
        }
        if let termination {
            for spec in specs {
                if let problem = termination.validationError(epochs: spec.epochs) {
                    throw CommandError("\(file ?? "sweep") early_terminate: \(problem) (run '\(spec.name)')")
                }
            }
        }
        let studyName = try sweeps.unusedStudyName(study ?? name)
        try finish(try sweeps.run(specs, study: studyName, preferredParallel: preferredParallel, earlyTermination: termination),
                   study: studyName, stop: stop)
    }

    /// Prints how the runs ended, writes the report; an interrupted sweep exits 130, saying how to go on.
    private func finish(_ rows: [SweepRow], study: String, stop: StopSignal) throws {
        print(SweepRow.outcome(rows))
        // Only a sweep whose every run ended chooses: the test set is looked at once, for the final choice.
        let complete = SweepRow.allEnded(rows)
        if complete, let tested = try TestAccuracy.measureChoice(of: study, store: try SQLiteRunStore(path: execution.storePath), version: BatchLab.version) {
            print(tested.sentence)
        }
        if let report {
            try ReportWriter(store: try SQLiteRunStore(path: execution.storePath)).write(study: study, to: report, target: nil, extraFindings: [])
        }
        if !complete {
            print("Continue it with: batchlab sweep --resume '\(study)'" + (execution.store.store.map { " --store '\($0)'" } ?? ""))
        }
        if stop.isRequested || rows.contains(where: { $0.status == "interrupted" }) { throw ExitCode(130) }
    }

    /// The runs, the study name, the file's `parallel` and its early termination.
    private func plan() throws -> ([RunSpec], String, Int?, EarlyTermination?) {
        if let file {
            let spec = try SweepSpec.load(path: file)
            return (try spec.runs(), spec.studyName, spec.parallel, spec.earlyTermination)
        }
        let rates = try lr.map { try GridOverrides.parseList($0, flag: "--lr") } ?? [defaults.optimizer.lr]
        let sizes = try batchSize.map { try GridOverrides.parseIntList($0, flag: "--batch-size") } ?? [defaults.batchSize]
        // Counted before it is built: a grid too big to train is refused before it takes memory.
        guard rates.count.multipliedReportingOverflow(by: sizes.count).partialValue <= Limits.sweepRuns,
              rates.count <= Limits.sweepRuns, sizes.count <= Limits.sweepRuns else {
            throw CommandError("--lr × --batch-size makes \(rates.count.formatted()) × \(sizes.count.formatted()) runs; "
                               + "a sweep may have at most \(Limits.sweepRuns.formatted())")
        }
        var base = RunSpec(name: "run")
        base.configuration.model = model.map(ModelConfiguration.named) ?? defaults.model
        return (GridOverrides.grid(base: base, learningRates: rates, batchSizes: sizes), "sweep", nil, nil)
    }

    /// The run with the flags that override the file; a value out of range names its flag.
    private func applyingOverrides(_ spec: RunSpec) throws -> RunSpec {
        var overrides = FlagOverrides(spec.configuration)
        overrides.set(epochs, "--epochs", "epochs", \.epochs)
        overrides.set(given: subset, "--subset", "data.subset", \.data.subset)
        overrides.set(seed, "--seed", "seed", \.seed)
        overrides.set(scaleLr, "--scale-lr", "lr_scaling.rule", \.lrScaling.rule)
        overrides.set(baseBatchSize, "--base-batch-size", "lr_scaling.base_batch_size", \.lrScaling.baseBatchSize)
        if file == nil {
            for (key, flag) in [("optimizer.lr", "--lr"), ("batch_size", "--batch-size"), ("model", "--model")] { overrides.name(key, flag: flag) }
        }
        do {
            try overrides.configuration.validate()
        } catch let error as ConfigurationError where overrides.flags[error.key] != nil {
            throw ValidationError(overrides.describe(error))
        } catch {
            // Not a flag's: the check before starting names the run.
        }
        return RunSpec(name: spec.name, configuration: overrides.configuration)
    }
}
