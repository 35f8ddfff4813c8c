import ArgumentParser

/// `--target-accuracy`: train until a validation accuracy is reached and record the steps,
/// images and seconds it took (the measurement behind steps-to-target against batch size).
struct TargetOptions: ParsableArguments {
    @Option(help: "Stop when the validation accuracy reaches this; record the steps, images and seconds it took.")
    var targetAccuracy: Double?
    @Option(help: "With --target-accuracy: training images between checks (default 5000).") var evalEveryImages: Int?
    @Option(help: "With --target-accuracy: validation images each check uses (default 2000).") var evalImages: Int?

    func validate() throws {
        if targetAccuracy == nil, let flag = evalEveryImages != nil ? "--eval-every-images" : evalImages != nil ? "--eval-images" : nil {
            throw ValidationError("\(flag) has no effect without --target-accuracy")
        }
        if let targetAccuracy, !(targetAccuracy > 0 && targetAccuracy <= 1) {
            throw ValidationError("--target-accuracy must be in (0, 1] (got \(targetAccuracy))")
        }
        if let evalEveryImages, evalEveryImages < 1 { throw ValidationError("--eval-every-images must be ≥ 1 (got \(evalEveryImages))") }
        if let evalImages, evalImages < 1 { throw ValidationError("--eval-images must be ≥ 1 (got \(evalImages))") }
    }
}
