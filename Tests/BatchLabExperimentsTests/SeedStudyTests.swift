import BatchLabReport
import Testing
@testable import BatchLabExperiments

@Suite struct SeedStudyTests {
    @Test func theTutorialsSixRuns() {
        let runs = SeedStudy.runs(epochs: 3, subset: 10_000, plateauPatience: 2)
        #expect(runs.count == 6)
        #expect(runs.map(\.configuration.batchSize) == [32, 32, 32, 128, 128, 128])
        #expect(runs.map(\.configuration.learningRate) == [1e-3, 1e-4, 0.1, 1e-3, 4e-3, 4e-3])
        #expect(runs.map { $0.configuration.callbacks.reduceLROnPlateau != nil } == [false, false, false, false, false, true])
        #expect(runs.allSatisfy {
            $0.epochs == 3 && $0.configuration.data.subset == 10_000 && $0.configuration.model == "seed-cnn"
        })
        #expect(runs[5].configuration.callbacks.reduceLROnPlateau?.patience == 2)
        #expect(Set(runs.map(\.name)).count == 6)
    }
}

@Suite struct SeedStudyFindingsTests {
    func run(_ role: SeedStudy.Role, status: String = "finished", valAccuracy: [Double], loss: [Double]? = nil,
             lr: [Double]? = nil, seconds: Double = 10, imagesPerSecond: Double = 1000, tensorMB: Double = 20) -> ReportRun {
        let epochs = valAccuracy.indices.map { index -> [String: Double] in
            ["epoch": Double(index + 1), "val_accuracy": valAccuracy[index], "accuracy": valAccuracy[index],
             "loss": loss?[index] ?? 1, "val_loss": 2 - valAccuracy[index], "lr": lr?[index] ?? 0.001, "seconds": seconds,
             "images_per_second": imagesPerSecond, "tensor_memory_mb": tensorMB, "peak_rss_mb": 400]
        }
        return ReportRun(id: 1, name: role.runName, status: status, batchSize: 32, learningRate: 0.001, epochs: epochs)
    }

    /// Hand-made runs: the baseline reaches 0.50 at epoch 3 (30 s), the linear rule at epoch 2 (8 s).
    var runs: [SeedStudy.Role: ReportRun] {
        [.baseline: run(.baseline, valAccuracy: [0.40, 0.45, 0.50]),
         .smallLR: run(.smallLR, valAccuracy: [0.30, 0.35, 0.38]),
         .largeLR: run(.largeLR, status: "diverged", valAccuracy: [0.10], loss: [14.5]),
         .largeBatch: run(.largeBatch, valAccuracy: [0.35, 0.42, 0.47], imagesPerSecond: 1500, tensorMB: 80),
         .linearRule: run(.linearRule, valAccuracy: [0.44, 0.52, 0.53], seconds: 4, imagesPerSecond: 1500, tensorMB: 80),
         .linearRulePlateau: run(.linearRulePlateau, valAccuracy: [0.44, 0.52, 0.53], lr: [0.004, 0.004, 0.0004])]
    }

    @Test func theTargetIsWhatBothTheBaselineAndTheLinearRuleReached() {
        #expect(SeedStudyFindings.defaultTarget(runs) == 0.5)
    }

    @Test func sentencesCarryTheNumbers() {
        let sentences = SeedStudyFindings.sentences(runs, target: 0.5)
        #expect(sentences == [
            "test 2: lr 0.1 diverged: accuracy 0.10, loss 14.5 after epoch 1; recorded as diverged.",
            "lr 1e-4 learns more slowly: val_accuracy 0.38 after 3 epochs against the baseline's 0.50.",
            "batch 128 trained at 1,500 images/s, 1.50× the baseline's 1,000 (batch 32).",
            "batch 128 used 4.0× the memory of batch 32 for its tensors (80 MB vs 20 MB: weights, gradients, activations); "
                + "whole-process peaks 400 MB vs 400 MB, mostly the dataset.",
            "batch 128 at lr 4e-3 (linear rule) reached val_accuracy 0.50 in 8 s (epoch 2); the baseline needed 30 s (epoch 3).",
            "ReduceLROnPlateau lowered the lr from 0.004 to 0.0004 after epoch 2; val_loss was 1.4800 then and reached 1.4700 after.",
        ])
    }

    @Test func generalFindingsNameTheBestRun() {
        let sentences = Findings.general(Array(runs.values), target: nil)
        #expect(sentences.contains("Best: \(SeedStudy.Role.linearRule.runName) reached val_accuracy 0.53 at epoch 3.")
                || sentences.contains("Best: \(SeedStudy.Role.linearRulePlateau.runName) reached val_accuracy 0.53 at epoch 3."))
        #expect(sentences.first?.hasPrefix("test 2: lr 0.1 diverged") == true)
    }
}

/// The study repeated over seeds: mean ± sd and Welch's t-test (p from scipy 1.17.1's
/// `ttest_ind(a, b, equal_var=False)`: 0.52, 7.6e-05, 0.0047 for the samples below).
@Suite struct SeedStudyRepeatsTests {
    @Test func theSixRunsOncePerSeed() {
        let runs = SeedStudy.runs(epochs: 3, subset: nil, seed: 5, seeds: 2)
        #expect(runs.count == 12 && runs.map(\.configuration.seed) == Array(repeating: 5, count: 6) + Array(repeating: 6, count: 6))
        #expect(runs[0].name == "baseline: batch 32, lr 1e-3 (seed 5)" && runs[6].name == "baseline: batch 32, lr 1e-3 (seed 6)")
        #expect(SeedStudy.Role.baseline.names(runs[6].name) && !SeedStudy.Role.smallLR.names(runs[6].name))
    }

    func run(_ role: SeedStudy.Role, seed: Int, valAccuracy: Double, seconds: Double, imagesPerSecond: Double, status: String = "finished") -> ReportRun {
        ReportRun(id: Int64(seed), name: "\(role.runName) (seed \(seed))", status: status, batchSize: 32, learningRate: 0.001,
                  epochs: [["epoch": 1, "val_accuracy": valAccuracy, "accuracy": valAccuracy, "loss": 1, "val_loss": 1, "lr": 0.001,
                            "seconds": seconds, "images_per_second": imagesPerSecond]])
    }

    @Test func sentencesGiveTheSpreadAndTheTest() {
        let base = [(0.638, 42.0, 1000.0), (0.632, 39.2, 1002.0), (0.644, 45.1, 998.0)]
        var groups: [SeedStudy.Role: [ReportRun]] = [:]
        groups[.baseline] = base.enumerated().map { run(.baseline, seed: $0, valAccuracy: $1.0, seconds: $1.1, imagesPerSecond: $1.2) }
        groups[.smallLR] = [0.641, 0.637, 0.645].enumerated().map { run(.smallLR, seed: $0, valAccuracy: $1, seconds: 10, imagesPerSecond: 1000) }
        groups[.largeBatch] = [1500.0, 1510, 1490].enumerated().map { run(.largeBatch, seed: $0, valAccuracy: 0.6, seconds: 10, imagesPerSecond: $1) }
        groups[.linearRule] = [28.1, 26.5, 29.9].enumerated().map { run(.linearRule, seed: $0, valAccuracy: 0.6, seconds: $1, imagesPerSecond: 1500) }
        groups[.largeLR] = (0..<3).map { run(.largeLR, seed: $0, valAccuracy: 0.1, seconds: 10, imagesPerSecond: 1000, status: $0 < 2 ? "diverged" : "finished") }
        #expect(SeedStudyFindings.sentences(groups, target: 0.5) == [
            "test 2: lr 0.1 diverged in 2 of 3 seeds: last training accuracy 0.10 ± 0.00.",
            "lr 1e-4 is not distinguishable from the baseline: final val_accuracy 0.641 ± 0.004 against the baseline's 0.638 ± 0.006 "
                + "over 3 seeds (Welch's t-test p = 0.52).",
            "batch 128 trained faster: 1500 ± 10 images/s against the baseline's 1000 ± 2 (batch 32) (Welch's t-test p = 7.6e-05).",
            "batch 128 at lr 4e-3 (linear rule) reached it sooner: val_accuracy 0.50 in 28.2 ± 1.7 s against the baseline's 42.1 ± 3.0 s "
                + "(3 of 3 and 3 of 3 seeds reached it) (Welch's t-test p = 0.0047).",
        ])
        #expect(SeedStudyFindings.defaultTarget(groups) == 0.6)
    }
}

/// Any sweep's findings over seeds: the best setting's mean ± sd and the runner-up tested against
/// it (p from scipy 1.17.1's ttest_ind(equal_var=False): 0.52 for these samples).
@Suite struct GeneralFindingsOverSeedsTests {
    func run(_ lr: String, seed: Int, best: Double) -> ReportRun {
        ReportRun(id: Int64(seed), name: "lr=\(lr) (seed \(seed))", status: "finished", batchSize: 32, learningRate: Double(lr)!,
                  config: [ConfigEntry("lr", lr), ConfigEntry("seed", "\(seed)")],
                  epochs: [["epoch": 1, "val_accuracy": best - 0.1], ["epoch": 2, "val_accuracy": best]])
    }

    @Test func theBestSettingAndTheRunnerUpWithTheirSpread() {
        let runs = [0.641, 0.637, 0.645].enumerated().map { run("0.001", seed: $0, best: $1) }
            + [0.638, 0.632, 0.644].enumerated().map { run("0.003", seed: $0, best: $1) }
        #expect(Findings.general(runs, target: nil) == [
            "Best: lr=0.001 reached val_accuracy 0.641 ± 0.004 (best epoch, over 3 seeds); lr=0.003 at 0.638 ± 0.006 "
                + "is not distinguishable from it (Welch's t-test p = 0.52).",
        ])
    }
}
