extension RunSpec {
    /// The `batchlab train` arguments that reproduce this run.
    ///
    /// Always: --name --model --lr --batch-size --epochs --optimizer --seed --preprocessing.
    /// Only when they matter: --momentum (sgd), --subset, --validation-split, --scale-lr with
    /// --base-batch-size and --base-lr (when scaling), the plateau flags (when enabled), the
    /// early-stopping flags (when enabled), --schedule, --warmup-epochs (> 0), --threads,
    /// --target-accuracy with its --eval-every-images and --eval-images.
    /// Numbers print in their shortest round-tripping form (`0.001`, `1e-05`).
    public func arguments() -> [String] {
        var args = [
            "--name", name, "--model", model, "--lr", "\(learningRate)",
            "--batch-size", "\(batchSize)", "--epochs", "\(epochs)", "--optimizer", optimizer,
        ]
        if optimizer == "sgd" { args += ["--momentum", "\(momentum)"] }
        args += ["--seed", "\(seed)"]
        if let subset { args += ["--subset", "\(subset)"] }
        if let validationSplit { args += ["--validation-split", "\(validationSplit)"] }
        args += ["--preprocessing", preprocessing]
        if scaleLR != .none {
            args += ["--scale-lr", scaleLR.rawValue, "--base-batch-size", "\(baseBatchSize)"]
            if let baseLR { args += ["--base-lr", "\(baseLR)"] }
        }
        if reduceLROnPlateau {
            args += [
                "--reduce-lr-on-plateau", "--plateau-monitor", plateauMonitor,
                "--plateau-factor", "\(plateauFactor)", "--plateau-patience", "\(plateauPatience)",
                "--plateau-min-lr", "\(plateauMinLR)", "--plateau-cooldown", "\(plateauCooldown)",
            ]
        }
        if earlyStopping {
            args += ["--early-stopping", "--early-stopping-patience", "\(earlyStoppingPatience)"]
        }
        if let schedule { args += ["--schedule", schedule] }
        if warmupEpochs > 0 { args += ["--warmup-epochs", "\(warmupEpochs)"] }
        if let threads { args += ["--threads", "\(threads)"] }
        if let targetAccuracy { args += ["--target-accuracy", "\(targetAccuracy)"] }
        // Without a target these are refused by `train`, so the sweep's check names the run.
        if let evalEveryImages { args += ["--eval-every-images", "\(evalEveryImages)"] }
        if let evalImages { args += ["--eval-images", "\(evalImages)"] }
        return args
    }
}
