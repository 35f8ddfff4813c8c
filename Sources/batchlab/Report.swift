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
    @Option(help: "Accuracy for the epochs/seconds-to-target columns, e.g. 0.55.") var target: Double?
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

/// Loads runs from the store and writes the HTML report.
struct ReportWriter {
    let store: SQLiteRunStore

    /// The report of one study, of several (`a,b`), or of every run; the studies' lr range tests
    /// and noise-scale analyses make its Recommendation section.
    @discardableResult
    func write(study: String?, to output: String, target: Double?, extraFindings: [String]) throws -> Int {
        let studies: [String?] = study.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [nil]
        var records: [RunRecord] = [], analyses: [AnalysisRecord] = []
        for name in studies {
            records += try store.runs(study: name).reversed()
            analyses += try store.analyses(study: name, kind: nil).reversed()
        }
        guard !records.isEmpty || !analyses.isEmpty else {
            throw CommandError(study.map { "--study \($0): no runs in \(store.path)" } ?? "no runs in \(store.path)")
        }
        return try write(records, analyses: analyses, title: study.map { "Study \($0)" } ?? "All runs", to: output,
                         target: target, extraFindings: extraFindings)
    }

    func write(ids: [Int64], to output: String, target: Double?) throws -> Int {
        let records = try ids.map { id in
            guard let record = try store.run(id: id) else { throw CommandError("--runs: no run \(id) in \(store.path)") }
            return record
        }
        return try write(records, analyses: [], title: "Runs " + ids.map(String.init).joined(separator: ", "), to: output,
                         target: target, extraFindings: [])
    }

    private func write(_ records: [RunRecord], analyses: [AnalysisRecord], title: String, to output: String,
                       target: Double?, extraFindings: [String]) throws -> Int {
        let runs = try ReportRun.load(records, from: store)
        let findings = extraFindings.isEmpty ? Findings.general(runs, target: target) : extraFindings
        let recommendation = try Recommendation.load(runs: runs, analyses: analyses, from: store)
        let html = HTMLReport(title: title, runs: runs, targetAccuracy: target, findings: findings, generatedAt: Date(),
                              recommendation: recommendation).render()
        do {
            let url = URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(html.utf8).write(to: url, options: .atomic)
        } catch {
            throw CommandError("-o \(output) cannot be written: \(error.localizedDescription)")
        }
        return runs.count
    }
}
