import BatchLabReport
import Foundation

extension SeedStudyFindings {
    /// The conclusions over repeats: each number as mean ± standard deviation over the seeds,
    /// and each comparison with the baseline tested with Welch's t-test (p < 0.05: different;
    /// else "not distinguishable").
    static func repeated(_ groups: [SeedStudy.Role: [ReportRun]], target: Double?) -> [String] {
        let summaries = { (role: SeedStudy.Role) in (groups[role] ?? []).map { RunSummary(run: $0, targetAccuracy: target) } }
        let seeds = { (role: SeedStudy.Role) in "\(groups[role]?.count ?? 0) seed\(groups[role]?.count == 1 ? "" : "s")" }
        var sentences: [String] = []
        if let runs = groups[.largeLR] {
            let diverged = runs.filter { $0.status == "diverged" }.count
            let accuracy = Spread(runs.compactMap { $0.epochs.last?["accuracy"] }).map { $0.text("%.2f") } ?? "n/a"
            sentences.append("\(SeedStudy.Role.largeLR.runName) diverged in \(diverged) of \(seeds(.largeLR)): "
                             + "last training accuracy \(accuracy).")
        }
        if let comparison = compare(summaries(.smallLR).compactMap(\.finalValAccuracy), summaries(.baseline).compactMap(\.finalValAccuracy),
                                    format: "%.3f", smaller: "learns more slowly", larger: "learned faster") {
            sentences.append("lr 1e-4 \(comparison.verdict): final val_accuracy \(comparison.text) against the baseline's "
                             + "\(comparison.reference) over \(seeds(.baseline))\(comparison.test).")
        }
        if let comparison = compare(summaries(.largeBatch).compactMap(\.medianImagesPerSecond),
                                    summaries(.baseline).compactMap(\.medianImagesPerSecond),
                                    format: "%.0f", smaller: "trained slower", larger: "trained faster") {
            sentences.append("batch 128 \(comparison.verdict): \(comparison.text) images/s against the baseline's "
                             + "\(comparison.reference) (batch 32)\(comparison.test).")
        }
        if let target {
            let rule = summaries(.linearRule).compactMap(\.secondsToTarget), base = summaries(.baseline).compactMap(\.secondsToTarget)
            let reached = "\(rule.count) of \(summaries(.linearRule).count) and \(base.count) of \(summaries(.baseline).count) seeds reached it"
            if let comparison = compare(rule, base, format: "%.1f", smaller: "reached it sooner", larger: "took longer") {
                sentences.append("batch 128 at lr 4e-3 (linear rule) \(comparison.verdict): val_accuracy \(Findings.fixed(target)) "
                                 + "in \(comparison.text) s against the baseline's \(comparison.reference) s (\(reached))\(comparison.test).")
            } else {
                sentences.append("batch 128 at lr 4e-3 (linear rule) and the baseline cannot be compared at val_accuracy "
                                 + "\(Findings.fixed(target)): \(reached).")
            }
        }
        if let plateau = groups[.linearRulePlateau]?.first {
            let sentence = plateauSentence(plateau)
            sentences.append(groups[.linearRulePlateau]!.count > 1 ? sentence.dropLast() + " (its first seed)." : sentence)
        }
        return sentences
    }

    /// A sample against the baseline's: both as mean ± sd, the verdict (`smaller`, `larger`, or
    /// "is not distinguishable from the baseline" when Welch's test finds no difference) and the
    /// test's p; nil when either sample is empty.
    static func compare(_ sample: [Double], _ baseline: [Double], format: String, smaller: String, larger: String)
        -> (verdict: String, text: String, reference: String, test: String)? {
        guard let mine = Spread(sample), let theirs = Spread(baseline) else { return nil }
        guard let test = WelchTest(sample, baseline) else {
            return (mine.mean < theirs.mean ? smaller : larger, mine.text(format), theirs.text(format), " (too few seeds for a test)")
        }
        let verdict = test.isSignificant ? (mine.mean < theirs.mean ? smaller : larger) : "is not distinguishable from the baseline"
        return (verdict, mine.text(format), theirs.text(format), String(format: " (Welch's t-test p = %.2g)", test.p))
    }
}
