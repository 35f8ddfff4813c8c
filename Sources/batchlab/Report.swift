import ArgumentParser
import BatchLabExperiments
import BatchLabReport
import BatchLabTracking
import Foundation

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write one self-contained HTML file comparing runs: charts, a table per run, the batch-size trade-off.")

    @Option(help: "Runs and analyses (lr-find, noise-scale) of this study, or of several: a,b,c.") var study: String?
    @Option(help: "Comma-separated run ids.") var runs: String?
    @Option(parsing: .unconditional, help: "Accuracy for the epochs/seconds-to-target columns, e.g. 0.55.") var target: Double?
    @Option(name: [.customShort("o"), .long], help: "Output file.") var output = "report.html"
    @OptionGroup var store: StoreOption

    func validate() throws {
        if study != nil, runs != nil { throw ValidationError("give --study or --runs, not both") }
        if let target, !(target > 0 && target < 1) { throw ValidationError("--target must be between 0 and 1 (got \(target))") }
    }

    func run() throws {
        let writer = ReportWriter(store: try store.openExisting())
        let count: Int
        if let runs {
            let ids = try runs.split(separator: ",").map { item -> Int64 in
                guard let id = Int64(item.trimmingCharacters(in: .whitespaces)) else {
                    throw CommandError("--runs expects comma-separated run ids (got '\(item)')")
                }
                return id
            }
            count = try writer.write(ids: ids, to: output, target: target)
        } else {
            count = try writer.write(study: study, to: output, target: target, extraFindings: [])
        }
        print("Wrote \(output): \(count) run\(count == 1 ? "" : "s").")
    }
}
