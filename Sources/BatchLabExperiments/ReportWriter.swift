import BatchLabConfig
import BatchLabCore
import BatchLabReport
import BatchLabTracking
import Foundation

/// Loads runs from the store and writes the HTML report.
public struct ReportWriter {
    public let store: SQLiteRunStore

    public init(store: SQLiteRunStore) { self.store = store }

    /// The report of one study, of several (`a,b`), or of every run; the studies' lr range tests
    /// and noise-scale analyses make its Recommendation section.
    @discardableResult
    public func write(study: String?, to output: String, target: Double?, extraFindings: [String]) throws -> Int {
        let studies: [String?] = study.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [nil]
        var records: [RunRecord] = [], analyses: [AnalysisRecord] = []
        for name in studies {
            records += try store.runs(study: name).reversed()
            analyses += try store.analyses(study: name, kind: nil).reversed()
        }
        guard !records.isEmpty || !analyses.isEmpty else {
            throw ReportError(study.map { "--study \($0): no runs in \(store.path)" } ?? "no runs in \(store.path)")
        }
        return try write(records, analyses: analyses, title: study.map { "Study \($0)" } ?? "All runs", to: output,
                         target: target, extraFindings: extraFindings)
    }

    public func write(ids: [Int64], to output: String, target: Double?) throws -> Int {
        let records = try ids.map { id in
            guard let record = try store.run(id: id) else { throw ReportError("--runs: no run \(id) in \(store.path)") }
            return record
        }
        return try write(records, analyses: [], title: "Runs " + ids.map(String.init).joined(separator: ", "), to: output,
                         target: target, extraFindings: [])
    }

    private func write(_ records: [RunRecord], analyses: [AnalysisRecord], title: String, to output: String,
                       target: Double?, extraFindings: [String]) throws -> Int {
        let runs = try ReportRun.load(records, from: store)
        // Where the validation numbers come from, and the chosen setting's one test measurement.
        let sources = Set(records.map { DataSettings.validationSource(split: $0.configuration?.data.validationSplit) })
        let tested = try analyses.filter { $0.kind == .testAccuracy }.map { try $0.decode(TestAccuracy.self).sentence }
        let findings = (extraFindings.isEmpty ? Findings.general(runs, target: target) : extraFindings)
            + (sources.isEmpty ? [] : ["val_ numbers (val_accuracy, val_loss) come from \(sources.sorted().joined(separator: "; "))."])
            + tested
        let recommendation = try Recommendation.load(runs: runs, analyses: analyses, from: store)
        let html = HTMLReport(title: title, runs: runs, targetAccuracy: target, findings: findings, generatedAt: Date(),
                              recommendation: recommendation).render()
        do {
            try UserFile.write(Data(html.utf8), to: output)
        } catch {
            throw ReportError("-o \(output) \(error)")
        }
        return runs.count
    }
}

/// A report that cannot be written, said in one line.
public struct ReportError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }
}
