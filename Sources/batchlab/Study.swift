import ArgumentParser
import BatchLabConfig
import BatchLabExperiments
import BatchLabReport
import BatchLabTracking
import BatchLabTraining
import Foundation

struct Study: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a named study, write its report and say what it measured.",
        subcommands: [SeedStudyCommand.self, RecommendStudy.self])
}

struct SeedStudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "The tutorial's six runs, side by side, with findings and a report.",
        discussion: """
            The tutorial's six runs of seed-cnn with Adam — baseline (batch 32, lr 1e-3), lr 1e-4, lr 0.1,
            batch 128, batch 128 with lr 4e-3 (the linear scaling rule), and the latter with ReduceLROnPlateau.
            """)

    @Option(parsing: .unconditional, help: "Epochs per run.") var epochs = 20
    @Option(parsing: .unconditional, help: "Train on the first N training images only.") var subset: Int?
    @Option(parsing: .unconditional, help: "Seed for every run (with --seeds, the first).") var seed: UInt64 = 0
    @Option(parsing: .unconditional, help: "Run the six settings this many times, with seeds --seed, --seed + 1, …: the report and findings give mean ± sd and Welch's t-test.")
    var seeds = 1
    @Option(parsing: .unconditional, help: "ReduceLROnPlateau's patience in the last run.") var plateauPatience = 10
    @Option(parsing: .unconditional, help: "Accuracy for the time-to-accuracy comparison (default: what both baseline and linear rule reached).")
    var target: Double?
    @Option(name: [.customShort("o"), .long], help: "Report file (default: next to the store, <study>.html).") var report: String?
    @OptionGroup(title: "Execution") var execution: SweepOptions

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be ≥ 1 (got \(epochs))") }
        if let subset, subset < 1 { throw ValidationError("--subset must be ≥ 1 (got \(subset))") }
        guard (1...Limits.seeds).contains(seeds) else {
            throw ValidationError("--seeds must be from 1 to \(Limits.seeds) (got \(seeds))")
        }
        guard seed <= UInt64.max - UInt64(seeds - 1) else {
            throw ValidationError("--seed \(seed) with --seeds \(seeds) would go past the largest seed, \(UInt64.max)")
        }
        guard plateauPatience >= 1 else { throw ValidationError("--plateau-patience must be ≥ 1 (got \(plateauPatience))") }
        if let target, !(target > 0 && target < 1) { throw ValidationError("--target must be between 0 and 1 (got \(target))") }
    }

    func run() throws {
        let sweeps = execution.sweeps(stop: StopSignal())
        let studyName = try sweeps.unusedStudyName("seed")
        let specs = SeedStudy.runs(epochs: epochs, subset: subset, seed: seed, plateauPatience: plateauPatience, seeds: seeds)
        let rows = try sweeps.run(specs, study: studyName)
        print(SweepRow.outcome(rows))

        let path = report ?? URL(fileURLWithPath: execution.storePath).deletingLastPathComponent()
            .appendingPathComponent("\(studyName).html").path
        let findings = try SeedStudy.report(study: studyName, store: try execution.store.openOrCreate(), target: target, to: path)
        print("\nWhat it measured:")
        for sentence in findings { print("- \(sentence)") }
        if rows.contains(where: { $0.status == "interrupted" }) { throw ExitCode(130) }
    }
}
