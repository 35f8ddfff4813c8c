import BatchLabReport
import Foundation

/// What a set of runs shows, as sentences with their numbers — for the terminal and the report.
public enum Findings {
    /// Sentences for any runs: divergences and the best run.
    public static func general(_ runs: [ReportRun], target: Double?) -> [String] {
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
