import BatchLabReport
import Foundation

/// The tutorial's conclusions, measured on this study's runs.
public enum SeedStudyFindings {
    /// The accuracy both the baseline and the linear-rule run reached (their lower best,
    /// rounded down to 0.01), for the time-to-accuracy comparison.
    public static func defaultTarget(_ runs: [SeedStudy.Role: ReportRun]) -> Double? {
        defaultTarget(runs.mapValues { [$0] })
    }

    /// With repeats, the accuracy every run of both reached.
    public static func defaultTarget(_ groups: [SeedStudy.Role: [ReportRun]]) -> Double? {
        let roles = [SeedStudy.Role.baseline, .linearRule]
        guard roles.allSatisfy({ groups[$0]?.isEmpty == false }) else { return nil }
        let bests = roles.flatMap { groups[$0]! }.map { RunSummary(run: $0, targetAccuracy: nil).bestValAccuracy }
        guard let lowest = bests.map({ $0 ?? -.infinity }).min(), lowest.isFinite else { return nil }
        return (lowest * 100).rounded(.down) / 100
    }

    public static func sentences(_ runs: [SeedStudy.Role: ReportRun], target: Double?) -> [String] {
        sentences(runs.mapValues { [$0] }, target: target)
    }

    /// The tutorial's conclusions; with several seeds per setting, each with its spread and
    /// Welch's t-test against the baseline (`SeedStudyFindings+Repeats`).
    public static func sentences(_ groups: [SeedStudy.Role: [ReportRun]], target: Double?) -> [String] {
        guard groups.values.contains(where: { $0.count > 1 }) else { return single(groups.compactMapValues(\.first), target: target) }
        return repeated(groups, target: target)
    }

    private static func single(_ runs: [SeedStudy.Role: ReportRun], target: Double?) -> [String] {
        let summary = { (role: SeedStudy.Role) in runs[role].map { RunSummary(run: $0, targetAccuracy: target) } }
        var sentences: [String] = []
        if let run = runs[.largeLR] {
            sentences.append(run.status == "diverged" ? Findings.divergence(run)
                             : "\(run.name) did not diverge: best val_accuracy \(summary(.largeLR)?.bestValAccuracy.map(Findings.fixed) ?? "n/a").")
        }
        if let slow = summary(.smallLR), let base = summary(.baseline), let s = slow.finalValAccuracy, let b = base.finalValAccuracy,
           let epochs = runs[.smallLR]?.epochs.count {
            let verdict = s < b ? "learns more slowly" : "kept up with the baseline"
            sentences.append("lr 1e-4 \(verdict): val_accuracy \(Findings.fixed(s)) after \(epochs) epochs against the baseline's \(Findings.fixed(b)).")
        }
        if let big = summary(.largeBatch), let base = summary(.baseline),
           let bigSpeed = big.medianImagesPerSecond, let baseSpeed = base.medianImagesPerSecond {
            sentences.append(String(format: "batch 128 trained at %@ images/s, %.2f× the baseline's %@ (batch 32).",
                                    whole(bigSpeed), bigSpeed / baseSpeed, whole(baseSpeed)))
            if let bigTensors = big.tensorMemoryMB, let baseTensors = base.tensorMemoryMB {
                var sentence = String(format: "batch 128 used %.1f× the memory of batch 32 for its tensors (%.0f MB vs %.0f MB: "
                                      + "weights, gradients, activations)", bigTensors / baseTensors, bigTensors, baseTensors)
                if let bigPeak = big.peakMemoryMB, let basePeak = base.peakMemoryMB {
                    sentence += String(format: "; whole-process peaks %.0f MB vs %.0f MB, mostly the dataset", bigPeak, basePeak)
                }
                sentences.append(sentence + ".")
            }
        }
        if let target, let rule = summary(.linearRule), let base = summary(.baseline) {
            let reached = { (s: RunSummary) in s.secondsToTarget.map { "\(Findings.duration($0)) (epoch \(s.epochsToTarget!))" } }
            let ruleText = reached(rule).map { "reached val_accuracy \(Findings.fixed(target)) in \($0)" }
                ?? "did not reach val_accuracy \(Findings.fixed(target))"
            let baseText = reached(base).map { "the baseline needed \($0)" } ?? "the baseline did not reach it"
            sentences.append("batch 128 at lr 4e-3 (linear rule) \(ruleText); \(baseText).")
        }
        if let plateau = runs[.linearRulePlateau] { sentences.append(plateauSentence(plateau)) }
        return sentences
    }

    /// Where ReduceLROnPlateau lowered the lr, and what val_loss did around it.
    static func plateauSentence(_ run: ReportRun) -> String {
        let rates = run.epochs.map { $0["lr"] ?? .nan }
        guard let drop = rates.indices.dropFirst().first(where: { rates[$0] < rates[$0 - 1] }) else {
            return "ReduceLROnPlateau did not lower the lr in \(run.epochs.count) epochs: val_loss never stalled for its patience."
        }
        var sentence = "ReduceLROnPlateau lowered the lr from \(rates[drop - 1]) to \(rates[drop]) after epoch \(drop)"
        let losses = run.epochs.map { $0["val_loss"] ?? .nan }
        if let after = losses[drop...].filter(\.isFinite).min() {
            sentence += String(format: "; val_loss was %.4f then and reached %.4f after", losses[drop - 1], after)
        }
        return sentence + "."
    }

    static func whole(_ value: Double) -> String { Int(value.rounded()).formatted() }
}
