import BatchLabReport
import BatchLabTracking

extension SeedStudy {
    /// What the study's runs in the store measured, in sentences, and its report written to
    /// `path`; `target` (default: what both the baseline and the linear rule reached) is the
    /// accuracy the time-to-accuracy comparison uses.
    public static func report(study: String, store: SQLiteRunStore, target: Double?, to path: String) throws -> [String] {
        let runs = try ReportRun.load(store.runs(study: study).reversed(), from: store)
        var byRole: [Role: [ReportRun]] = [:]
        for role in Role.allCases { byRole[role] = runs.filter { role.names($0.name) } }
        let target = target ?? SeedStudyFindings.defaultTarget(byRole.compactMapValues { $0.isEmpty ? nil : $0 })
        let findings = SeedStudyFindings.sentences(byRole.compactMapValues { $0.isEmpty ? nil : $0 }, target: target)
        try ReportWriter(store: store).write(study: study, to: path, target: target, extraFindings: findings)
        return findings
    }
}
