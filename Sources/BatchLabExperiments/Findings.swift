import BatchLabReport
import Foundation

/// What a set of runs shows, as sentences with their numbers — for the terminal and the report.
public enum Findings {
    /// Sentences for any runs: divergences and the best run; with repeats over seeds, the best
    /// setting and the runner-up compared by Welch's t-test instead (`repeats`).
    public static func general(_ runs: [ReportRun], target: Double?) -> [String] {
        let groups = RunGroup.groups(runs)
        if RunGroup.hasRepeats(groups) { return runs.filter { $0.status == "diverged" }.map(divergence) + repeats(groups) }
        var sentences = runs.filter { $0.status == "diverged" }.map(divergence)
        let summaries = runs.map { ($0, RunSummary(run: $0, targetAccuracy: target)) }
        if let (best, summary) = summaries.filter({ $0.1.bestValAccuracy != nil }).max(by: { $0.1.bestValAccuracy! < $1.1.bestValAccuracy! }) {
            sentences.append("Best: \(best.name) reached val_accuracy \(fixed(summary.bestValAccuracy!)) at epoch \(summary.bestEpoch!).")
        }
        if let target {
            for (run, summary) in summaries where run.status != "diverged" {
                if let seconds = summary.secondsToTarget, let epochs = summary.epochsToTarget {
                    sentences.append("\(run.name) reached val_accuracy \(fixed(target)) in \(duration(seconds)) (epoch \(epochs)).")
                }
            }
        }
        return sentences
    }

    /// The setting with the highest mean best val_accuracy over its seeds, and whether the
    /// runner-up is distinguishable from it (Welch's t-test, p < 0.05), e.g. "lr=0.001 and
    /// lr=0.003 are not distinguishable: best val_accuracy 0.641 ± 0.004 vs 0.638 ± 0.006 over 3
    /// and 3 seeds (Welch's t-test p = 0.52)."
    static func repeats(_ groups: [RunGroup]) -> [String] {
        let scored = groups.compactMap { group -> (RunGroup, [Double])? in
            let bests = group.runs.compactMap { RunSummary(run: $0, targetAccuracy: nil).bestValAccuracy }
            return bests.isEmpty ? nil : (group, bests)
        }.sorted { Spread($0.1)!.mean > Spread($1.1)!.mean }
        guard let (best, bestValues) = scored.first else { return [] }
        let spread = { (values: [Double]) in Spread(values)!.text("%.3f") }
        var sentence = "Best: \(best.name) reached val_accuracy \(spread(bestValues)) (best epoch, over \(bestValues.count) "
            + "seed\(bestValues.count == 1 ? "" : "s"))"
        if scored.count > 1 {
            let (second, secondValues) = scored[1]
            if let test = WelchTest(bestValues, secondValues) {
                let p = String(format: "%.2g", test.p)
                sentence += test.isSignificant
                    ? "; ahead of \(second.name) at \(spread(secondValues)) (Welch's t-test p = \(p))"
                    : "; \(second.name) at \(spread(secondValues)) is not distinguishable from it (Welch's t-test p = \(p))"
            } else {
                sentence += "; next, \(second.name) at \(spread(secondValues)) (too few seeds for a test)"
            }
        }
        return [sentence + "."]
    }

    /// "test 2: lr 0.1 diverged: accuracy 0.10, loss 14.5 (…)."
    static func divergence(_ run: ReportRun) -> String {
        let last = run.epochs.last ?? [:]
        let accuracy = last["accuracy"].map { fixed($0) } ?? "n/a"
        let loss = last["loss"].map { $0.isFinite ? String(format: "%.1f", $0) : "\($0)" } ?? "n/a"
        return "\(run.name) diverged: accuracy \(accuracy), loss \(loss) after epoch \(run.epochs.count); recorded as diverged."
    }

    static func fixed(_ value: Double) -> String { String(format: "%.2f", value) }

    static func duration(_ seconds: Double) -> String {
        seconds < 120 ? String(format: "%.0f s", seconds) : String(format: "%.1f min", seconds / 60)
    }
}
