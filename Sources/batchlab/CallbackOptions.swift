import ArgumentParser
import BatchLabNN
import BatchLabOptim
import BatchLabTraining

/// ReduceLROnPlateau, EarlyStopping and learning-rate schedules, as flags.
struct CallbackOptions: ParsableArguments {
    enum ScheduleName: String, ExpressibleByArgument, CaseIterable { case cosine, step, exp }

    @Flag(help: "Lower the lr when the monitored value stops improving (Keras ReduceLROnPlateau).") var reduceLrOnPlateau = false
    @Option(help: "Value the plateau callback watches.") var plateauMonitor = "val_loss"
    @Option(help: "Factor the lr is multiplied by on a plateau.") var plateauFactor: Float = 0.1
    @Option(help: "Epochs without improvement before the lr drops.") var plateauPatience = 10
    @Option(help: "Smallest change that counts as an improvement (absolute).") var plateauMinDelta = 1e-4
    @Option(help: "Epochs after a drop during which bad epochs are not counted.") var plateauCooldown = 0
    @Option(help: "The lr never drops below this.") var plateauMinLr: Float = 0

    @Flag(help: "Stop when the monitored value stops improving (Keras EarlyStopping).") var earlyStopping = false
    @Option(help: "Value EarlyStopping watches.") var earlyStoppingMonitor = "val_loss"
    @Option(help: "Epochs without improvement before stopping.") var earlyStoppingPatience = 10
    @Flag(help: "With --early-stopping, put back the best epoch's weights when stopping.") var restoreBestWeights = false

    @Option(help: "Learning-rate schedule over the run: cosine, step or exp.") var schedule: ScheduleName?
    @Option(help: "step/exp schedules: the factor applied every --decay-epochs.") var decayRate: Float = 0.5
    @Option(help: "step/exp schedules: epochs per decay.") var decayEpochs = 10
    @Option(help: "Linear warmup over the first N epochs: from the base lr to the scaled lr with --scale-lr, else from 0.")
    var warmupEpochs = 0

    func validate() throws {
        guard plateauFactor > 0, plateauFactor < 1 else { throw ValidationError("--plateau-factor must be in (0, 1) (got \(plateauFactor))") }
        guard plateauPatience >= 1 else { throw ValidationError("--plateau-patience must be ≥ 1 (got \(plateauPatience))") }
        guard plateauCooldown >= 0 else { throw ValidationError("--plateau-cooldown must be ≥ 0 (got \(plateauCooldown))") }
        guard plateauMinLr >= 0 else { throw ValidationError("--plateau-min-lr must be ≥ 0 (got \(plateauMinLr))") }
        guard plateauMinDelta >= 0 else { throw ValidationError("--plateau-min-delta must be ≥ 0 (got \(plateauMinDelta))") }
        guard earlyStoppingPatience >= 0 else {
            throw ValidationError("--early-stopping-patience must be ≥ 0 (got \(earlyStoppingPatience))")
        }
        guard decayRate > 0, decayRate <= 1 else { throw ValidationError("--decay-rate must be in (0, 1] (got \(decayRate))") }
        guard decayEpochs >= 1 else { throw ValidationError("--decay-epochs must be ≥ 1 (got \(decayEpochs))") }
        guard warmupEpochs >= 0 else { throw ValidationError("--warmup-epochs must be ≥ 0 (got \(warmupEpochs))") }
        if reduceLrOnPlateau, let schedule {
            throw ValidationError("--schedule \(schedule.rawValue) and --reduce-lr-on-plateau both set the learning rate; choose one")
        }
    }

    /// The schedule for a run of `totalSteps`, or nil for a constant rate (which ReduceLROnPlateau may lower).
    func learningRateSchedule(learningRate: Float, warmupStart: Float, stepsPerEpoch: Int, epochs: Int) -> (any LearningRateSchedule)? {
        let warmupSteps = warmupEpochs * stepsPerEpoch
        let decaySteps = decayEpochs * stepsPerEpoch
        let main: (any LearningRateSchedule)? = switch schedule {
        case .cosine?: CosineDecay(initial: learningRate, decaySteps: max(1, epochs * stepsPerEpoch - warmupSteps))
        case .step?: StepDecay(initial: learningRate, rate: decayRate, stepsPerDrop: decaySteps)
        case .exp?: ExponentialDecay(initial: learningRate, rate: decayRate, decaySteps: decaySteps)
        case nil: nil
        }
        guard warmupSteps > 0 else { return main }
        return LinearWarmup(start: warmupStart, warmupSteps: warmupSteps, then: main ?? ConstantSchedule(learningRate))
    }

    /// The callbacks these flags ask for, besides the schedule.
    func callbacks(restoring network: Network, onMessage: @escaping (String) -> Void) -> [any Callback] {
        var callbacks: [any Callback] = []
        if reduceLrOnPlateau {
            callbacks.append(ReduceLROnPlateau(monitor: plateauMonitor, factor: plateauFactor, patience: plateauPatience,
                                               minDelta: plateauMinDelta, cooldown: plateauCooldown, minLR: plateauMinLr,
                                               onReduce: onMessage))
        }
        if earlyStopping {
            callbacks.append(EarlyStopping(monitor: earlyStoppingMonitor, patience: earlyStoppingPatience,
                                           restoreBestWeights: restoreBestWeights ? network : nil))
        }
        return callbacks
    }
}
