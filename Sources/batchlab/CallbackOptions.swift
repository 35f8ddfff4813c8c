import ArgumentParser
import BatchLabNN
import BatchLabOptim
import BatchLabTraining

/// ReduceLROnPlateau, EarlyStopping and learning-rate schedules, as flags. A setting given
/// without the flag that turns its feature on is an error rather than silently ignored.
struct CallbackOptions: ParsableArguments {
    enum ScheduleName: String, ExpressibleByArgument, CaseIterable { case cosine, step, exp }

    /// Values the callbacks can watch: what every epoch logs.
    static let monitors = ["loss", "accuracy", "val_loss", "val_accuracy"]

    @Flag(help: "Lower the lr when the monitored value stops improving (Keras ReduceLROnPlateau).") var reduceLrOnPlateau = false
    @Option(help: "Value the plateau callback watches (default val_loss).") var plateauMonitor: String?
    @Option(help: "Factor the lr is multiplied by on a plateau (default 0.1).") var plateauFactor: Float?
    @Option(help: "Epochs without improvement before the lr drops (default 10).") var plateauPatience: Int?
    @Option(help: "Smallest change that counts as an improvement, absolute (default 1e-4).") var plateauMinDelta: Double?
    @Option(help: "Epochs after a drop during which bad epochs are not counted (default 0).") var plateauCooldown: Int?
    @Option(help: "The lr never drops below this (default 0).") var plateauMinLr: Float?

    @Flag(help: "Stop when the monitored value stops improving (Keras EarlyStopping).") var earlyStopping = false
    @Option(help: "Value EarlyStopping watches (default val_loss).") var earlyStoppingMonitor: String?
    @Option(help: "Epochs without improvement before stopping (default 10).") var earlyStoppingPatience: Int?
    @Flag(help: "With --early-stopping, put back the best epoch's weights when training ends.") var restoreBestWeights = false

    @Option(help: "Learning-rate schedule over the run: cosine, step or exp.") var schedule: ScheduleName?
    @Option(help: "step/exp schedules: the factor applied every --decay-epochs (default 0.5).") var decayRate: Float?
    @Option(help: "step/exp schedules: epochs per decay (default 10).") var decayEpochs: Int?
    @Option(help: "Linear warmup over the first N epochs: from the base lr to the scaled lr with --scale-lr, else from 0.")
    var warmupEpochs = 0

    func validate() throws {
        try requires(reduceLrOnPlateau, "--reduce-lr-on-plateau", for: [
            ("--plateau-monitor", plateauMonitor), ("--plateau-factor", plateauFactor), ("--plateau-patience", plateauPatience),
            ("--plateau-min-delta", plateauMinDelta), ("--plateau-cooldown", plateauCooldown), ("--plateau-min-lr", plateauMinLr),
        ])
        try requires(earlyStopping, "--early-stopping", for: [
            ("--early-stopping-monitor", earlyStoppingMonitor), ("--early-stopping-patience", earlyStoppingPatience),
            ("--restore-best-weights", restoreBestWeights ? true : nil),
        ])
        try requires(schedule == .step || schedule == .exp, "--schedule step or exp", for: [
            ("--decay-rate", decayRate), ("--decay-epochs", decayEpochs),
        ])
        for (flag, monitor) in [("--plateau-monitor", plateauMonitor), ("--early-stopping-monitor", earlyStoppingMonitor)] {
            if let monitor, !Self.monitors.contains(monitor) {
                throw ValidationError("\(flag) must be one of \(Self.monitors.joined(separator: ", ")) (got '\(monitor)')")
            }
        }
        if let plateauFactor, !(plateauFactor > 0 && plateauFactor < 1) {
            throw ValidationError("--plateau-factor must be in (0, 1) (got \(plateauFactor))")
        }
        if let plateauPatience, plateauPatience < 1 { throw ValidationError("--plateau-patience must be ≥ 1 (got \(plateauPatience))") }
        if let plateauCooldown, plateauCooldown < 0 { throw ValidationError("--plateau-cooldown must be ≥ 0 (got \(plateauCooldown))") }
        if let plateauMinLr, !(plateauMinLr >= 0) { throw ValidationError("--plateau-min-lr must be ≥ 0 (got \(plateauMinLr))") }
        if let plateauMinDelta, !(plateauMinDelta >= 0) {
            throw ValidationError("--plateau-min-delta must be ≥ 0 (got \(plateauMinDelta))")
        }
        if let earlyStoppingPatience, earlyStoppingPatience < 0 {
            throw ValidationError("--early-stopping-patience must be ≥ 0 (got \(earlyStoppingPatience))")
        }
        if let decayRate, !(decayRate > 0 && decayRate <= 1) { throw ValidationError("--decay-rate must be in (0, 1] (got \(decayRate))") }
        if let decayEpochs, decayEpochs < 1 { throw ValidationError("--decay-epochs must be ≥ 1 (got \(decayEpochs))") }
        guard warmupEpochs >= 0 else { throw ValidationError("--warmup-epochs must be ≥ 0 (got \(warmupEpochs))") }
        if reduceLrOnPlateau, let schedule {
            throw ValidationError("--schedule \(schedule.rawValue) and --reduce-lr-on-plateau both set the learning rate; choose one")
        }
    }

    /// Fails when one of `settings` is given while `enabled` is false.
    private func requires(_ enabled: Bool, _ switchName: String, for settings: [(String, Any?)]) throws {
        guard !enabled, let (flag, _) = settings.first(where: { $0.1 != nil }) else { return }
        throw ValidationError("\(flag) has no effect without \(switchName)")
    }

    /// The schedule for a run, or nil for a constant rate (which ReduceLROnPlateau may lower).
    func learningRateSchedule(learningRate: Float, warmupStart: Float, stepsPerEpoch: Int, epochs: Int) -> (any LearningRateSchedule)? {
        let warmupSteps = warmupEpochs * stepsPerEpoch
        let decaySteps = (decayEpochs ?? 10) * stepsPerEpoch
        let main: (any LearningRateSchedule)? = switch schedule {
        case .cosine?: CosineDecay(initial: learningRate, decaySteps: max(1, epochs * stepsPerEpoch - warmupSteps))
        case .step?: StepDecay(initial: learningRate, rate: decayRate ?? 0.5, stepsPerDrop: decaySteps)
        case .exp?: ExponentialDecay(initial: learningRate, rate: decayRate ?? 0.5, decaySteps: decaySteps)
        case nil: nil
        }
        guard warmupSteps > 0 else { return main }
        return LinearWarmup(start: warmupStart, warmupSteps: warmupSteps, then: main ?? ConstantSchedule(learningRate))
    }

    /// The callbacks these flags ask for, besides the schedule.
    func callbacks(restoring network: Network, onMessage: @escaping (String) -> Void) -> [any Callback] {
        var callbacks: [any Callback] = []
        if reduceLrOnPlateau {
            callbacks.append(ReduceLROnPlateau(monitor: plateauMonitor ?? "val_loss", factor: plateauFactor ?? 0.1,
                                               patience: plateauPatience ?? 10, minDelta: plateauMinDelta ?? 1e-4,
                                               cooldown: plateauCooldown ?? 0, minLR: plateauMinLr ?? 0, onReduce: onMessage))
        }
        if earlyStopping {
            callbacks.append(EarlyStopping(monitor: earlyStoppingMonitor ?? "val_loss", patience: earlyStoppingPatience ?? 10,
                                           restoreBestWeights: restoreBestWeights ? network : nil))
        }
        return callbacks
    }
}
