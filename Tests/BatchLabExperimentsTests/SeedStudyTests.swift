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
