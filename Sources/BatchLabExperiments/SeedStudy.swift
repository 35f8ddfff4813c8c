import BatchLabConfig

/// The tutorial's study of batch size and learning rate: seed-cnn with Adam on CIFAR-10.
///
/// | role | batch | lr | what it shows |
/// |---|---|---|---|
/// | baseline | 32 | 1e-3 | Keras's defaults |
/// | Test 1 | 32 | 1e-4 | a smaller lr learns more slowly |
/// | Test 2 | 32 | 0.1 | a far too large lr saturates the softmax: ~10% accuracy, loss ~14.5 |
/// | Test 3 | 128 | 1e-3 | bigger batches: fewer, faster steps, more memory |
/// | Test 4 | 128 | 4e-3 | the linear scaling rule (1e-3 × 128/32) recovers the baseline's learning, faster |
/// | Test 4 + plateau | 128 | 4e-3 | ReduceLROnPlateau lowers the lr once val_loss stalls |
public enum SeedStudy {
    public enum Role: String, CaseIterable, Sendable {
        case baseline, smallLR, largeLR, largeBatch, linearRule, linearRulePlateau

        /// Whether `name` is this role's run, or one of its repeats ("… (seed 2)").
        public func names(_ name: String) -> Bool {
            name == runName || name.hasPrefix(runName + " (seed ") && name.hasSuffix(")")
        }

        /// The run's name in the store and the report.
        public var runName: String {
            switch self {
            case .baseline: "baseline: batch 32, lr 1e-3"
            case .smallLR: "test 1: lr 1e-4"
            case .largeLR: "test 2: lr 0.1"
            case .largeBatch: "test 3: batch 128, lr 1e-3"
            case .linearRule: "test 4: batch 128, lr 4e-3 (linear rule)"
            case .linearRulePlateau: "test 4 + ReduceLROnPlateau"
            }
        }
    }

    /// The study's six runs; `epochs`, `subset`, `seed` and the plateau patience apply to all.
    /// With `seeds` N > 1, the six runs N times, with seeds `seed` … `seed` + N − 1 (named
    /// "… (seed k)"), all six of one seed before the next.
    public static func runs(epochs: Int, subset: Int?, seed: UInt64 = 0, plateauPatience: Int = 10, seeds: Int = 1) -> [RunSpec] {
        precondition((1...Limits.seeds).contains(seeds) && seed <= UInt64.max - UInt64(seeds - 1))
        return (0..<UInt64(seeds)).flatMap { offset in
            runs(epochs: epochs, subset: subset, seed: seed + offset, plateauPatience: plateauPatience).map { spec in
                var spec = spec
                if seeds > 1 { spec.name += " (seed \(seed + offset))" }
                return spec
            }
        }
    }

    private static func runs(epochs: Int, subset: Int?, seed: UInt64, plateauPatience: Int) -> [RunSpec] {
        Role.allCases.map { role in
            var run = RunSpec(name: role.runName)
            run.configuration.model = "seed-cnn"
            (run.configuration.epochs, run.configuration.seed, run.configuration.data.subset) = (epochs, seed, subset)
            switch role {
            case .baseline: break
            case .smallLR: run.configuration.optimizer.lr = 1e-4
            case .largeLR: run.configuration.optimizer.lr = 0.1
            case .largeBatch: run.configuration.batchSize = 128
            case .linearRule, .linearRulePlateau:
                run.configuration.batchSize = 128
                run.configuration.lrScaling.rule = .linear
                run.configuration.lrScaling.baseBatchSize = 32
                run.configuration.lrScaling.baseLR = 1e-3
                if role == .linearRulePlateau {
                    run.configuration.callbacks.reduceLROnPlateau = PlateauSettings()
                    run.configuration.callbacks.reduceLROnPlateau?.patience = plateauPatience
                }
            }
            return run
        }
    }
}
