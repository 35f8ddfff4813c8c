import ArgumentParser
import BatchLabConfig

/// `--target-accuracy`: train until a validation accuracy is reached and record the steps,
/// images and seconds it took (the measurement behind steps-to-target against batch size).
struct TargetOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Stop when the validation accuracy reaches this; record the steps, images and seconds it took.")
    var targetAccuracy: Double?
    @Option(parsing: .unconditional, help: "With --target-accuracy: training images between checks (default \(TargetAccuracySettings().evalEveryImages)).")
    var evalEveryImages: Int?
    @Option(parsing: .unconditional, help: "With --target-accuracy: validation images each check uses (default \(TargetAccuracySettings().evalImages)).")
    var evalImages: Int?

    func apply(to overrides: inout FlagOverrides) throws {
        if let targetAccuracy {
            overrides.toggle(true, "--target-accuracy", "callbacks.target_accuracy", \.callbacks.targetAccuracy, defaults: TargetAccuracySettings())
            try overrides.set(targetAccuracy, "--target-accuracy", "callbacks.target_accuracy.target", in: \.callbacks.targetAccuracy,
                              \.target, requires: "--target-accuracy")
        }
        try overrides.set(evalEveryImages, "--eval-every-images", "callbacks.target_accuracy.eval_every_images",
                          in: \.callbacks.targetAccuracy, \.evalEveryImages, requires: "--target-accuracy")
        try overrides.set(evalImages, "--eval-images", "callbacks.target_accuracy.eval_images",
                          in: \.callbacks.targetAccuracy, \.evalImages, requires: "--target-accuracy")
    }
}
