import BatchLabTuning
@testable import BatchLabReport

// Evidence for the report's "Recommendation" section, built by hand.

/// S(B) = 100 · (1 + 300 / B): McCandlish et al.'s model with S_min = 100, B_noise = 300.
/// 16: 1975, 32: 1037.5, 64: 568.75, 128: 334.375, 256: 217.1875, 512: 158.59375 steps.
func modelSteps(_ batchSize: Int) -> Double { 100 * (1 + 300 / Double(batchSize)) }

/// Seconds of training per step at batch B: 0.01 + B / 10,000 (a bigger batch takes longer).
func secondsPerStep(_ batchSize: Int) -> Double { 0.01 + Double(batchSize) / 10_000 }

/// A finished run trained to val_accuracy `target`, reaching it at `steps` in its second epoch
/// (nil: it never did), with target_images (unless `logsImages` is false) and target_seconds
/// (unless `logsSeconds` is false).
func targetRun(id: Int64, batchSize: Int, learningRate: Double, steps: Double?, target: Double = 0.5,
               logsImages: Bool = true, logsSeconds: Bool = true) -> ReportRun {
    var second: [String: Double] = [EpochKey.epoch: 2, EpochKey.valAccuracy: steps == nil ? 0.4 : target + 0.01]
    if let steps {
        second[EpochKey.targetStep] = steps
        if logsImages { second[EpochKey.targetImages] = steps * Double(batchSize) }
        if logsSeconds { second[EpochKey.targetSeconds] = steps * secondsPerStep(batchSize) }
    }
    return ReportRun(id: id, name: "bs\(batchSize)-lr\(learningRate)", study: "target", status: "finished",
                     batchSize: batchSize, learningRate: learningRate,
                     config: [ConfigEntry("batch_size", "\(batchSize)"), ConfigEntry("target_accuracy", "\(target)")],
                     epochs: [[EpochKey.epoch: 1, EpochKey.valAccuracy: 0.3], second])
}

/// The batch sizes the target runs try.
let targetBatchSizes = [16, 32, 64, 128, 256, 512]

/// One run per batch size 16…512 on the model's curve (ids 1–6, lr 0.01), plus:
/// 7: batch 64 at lr 0.5, 900 steps (worse than 568.75); 8: batch 128 at lr 0.001, 400 steps,
/// without target_images or target_seconds; 9: batch 1024, never reached the target;
/// 10: batch 32, 5 steps to another target (0.6, less common: ignored);
/// 11: batch 16, no target at all (ignored).
func targetRuns() -> [ReportRun] {
    targetBatchSizes.enumerated().map { index, batchSize in
        targetRun(id: Int64(index + 1), batchSize: batchSize, learningRate: 0.01, steps: modelSteps(batchSize))
    } + [
        targetRun(id: 7, batchSize: 64, learningRate: 0.5, steps: 900),
        targetRun(id: 8, batchSize: 128, learningRate: 0.001, steps: 400, logsImages: false, logsSeconds: false),
        targetRun(id: 9, batchSize: 1024, learningRate: 0.01, steps: nil),
        targetRun(id: 10, batchSize: 32, learningRate: 0.01, steps: 5, target: 0.6),
        ReportRun(id: 11, name: "plain", status: "finished", batchSize: 16, learningRate: 0.01,
                  epochs: epochLogs(valAccuracy: [0.3, 0.4])),
    ]
}

/// Fixed-length runs at batch 64 over three learning rates (best val_accuracy 0.6 at 0.01,
/// 0.7 at 0.1; lr 1 diverged and is left out), one stopped early at lr 0.3 (left out), and a
/// lone run at batch 128 (one lr: no grid).
func gridRuns() -> [ReportRun] {
    [
        ReportRun(id: 21, name: "g-0.01", status: "finished", batchSize: 64, learningRate: 0.01,
                  epochs: epochLogs(valAccuracy: [0.5, 0.6, 0.55])),
        ReportRun(id: 22, name: "g-0.1", status: "finished", batchSize: 64, learningRate: 0.1,
                  epochs: epochLogs(valAccuracy: [0.65, .nan, 0.7])),
        ReportRun(id: 23, name: "g-1", status: "diverged", batchSize: 64, learningRate: 1,
                  epochs: epochLogs(valAccuracy: [0.8, .nan])),
        ReportRun(id: 24, name: "g-0.3", status: "stopped-early", batchSize: 64, learningRate: 0.3,
                  epochs: epochLogs(valAccuracy: [0.9])),
        ReportRun(id: 25, name: "g128", status: "finished", batchSize: 128, learningRate: 0.01,
                  epochs: epochLogs(valAccuracy: [0.75])),
    ]
}

/// A noise-scale estimate with B_simple exactly `bSimple`, from batches 32 and 512 and
/// |G|² = 1, tr(Σ) = bSimple: E|G_B|² = 1 + bSimple / B, so the means are 1 + b/32 and
/// 1 + b/512, reached by two pairs ± 0.25 and ± 0.0625 about them (all exact in binary).
/// Check for b = 300: |G|² = (512 · 1.5859375 − 32 · 10.375) / 480 = (812 − 332) / 480 = 1;
/// tr(Σ) = (10.375 − 1.5859375) / (1/32 − 1/512) = 8.7890625 / 0.029296875 = 300.
func noiseEstimate(bSimple: Double, epoch: Int?, step: Int?) -> NoiseScaleEstimate {
    let small = 1 + bSimple / 32, big = 1 + bSimple / 512
    let pairs = [GradientNormPair(small: small - 0.25, big: big - 0.0625), GradientNormPair(small: small + 0.25, big: big + 0.0625)]
    return GradientNoiseScale.estimate(smallBatchSize: 32, bigBatchSize: 512, measurements: pairs, resamples: 200, seed: 1,
                                       step: step, epoch: epoch)
}

/// A noise-scale run at batch 32, lr 0.01: B_simple 50 before training, 300 after epoch 2
/// (step 200), 900 after epoch 4 (step 400); advice from the last, with throughput
/// 32: 1,000, 128: 3,000, 512: 8,000 images/s.
func noiseAnalysis() throws -> NoiseScaleAnalysis {
    let throughput = [32: 1000.0, 128: 3000, 512: 8000]
    let advice = try BatchSizeAdvice(noiseScale: 900, currentBatchSize: 32, currentLearningRate: 0.01, imagesPerSecond: throughput)
    return NoiseScaleAnalysis(batchSize: 32, learningRate: 0.01,
                              estimates: [noiseEstimate(bSimple: 50, epoch: 0, step: 0), noiseEstimate(bSimple: 300, epoch: 2, step: 200),
                                          noiseEstimate(bSimple: 900, epoch: 4, step: 400)],
                              throughput: throughput.keys.sorted().map { .init(batchSize: $0, imagesPerSecond: throughput[$0]!) },
                              advice: advice)
}

/// The analysis with its run's val_accuracy after epochs 0, 2 and 4: 0.1, 0.48, 0.7 — epoch 2
/// is nearest a 0.5 target.
func noiseScale(name: String = "noise bs32") throws -> Recommendation.NoiseScale {
    Recommendation.NoiseScale(name: name, analysis: try noiseAnalysis(), valAccuracyByEpoch: [0: 0.1, 2: 0.48, 4: 0.7])
}

/// A range test at `batchSize` over fastai's defaults (1e-7 to 10 in 100 steps) on a loss that
/// falls then rises, 2.3 − 1.8x + 40x⁴ at x = step / 99; it diverges at step 85 (86 recorded).
func rangeTestResult(batchSize: Int = 64) -> LRRangeTestResult {
    var monitor = RangeTestMonitor()
    for step in 0..<100 where !monitor.shouldStop {
        let x = Double(step) / 99
        monitor.record(loss: 2.3 - 1.8 * x + 40 * x * x * x * x)
    }
    return monitor.result(batchSize: batchSize)
}
