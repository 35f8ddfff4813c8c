import ArgumentParser
import BatchLabConfig

/// ReduceLROnPlateau, EarlyStopping and learning-rate schedules, as flags. A setting given
/// without the flag that turns its feature on is an error rather than silently ignored.
struct CallbackOptions: ParsableArguments {
    private static let plateau = PlateauSettings(), stopping = EarlyStoppingSettings()

    @Flag(inversion: .prefixedNo, help: "Lower the lr when the monitored value stops improving (Keras ReduceLROnPlateau).")
    var reduceLrOnPlateau: Bool?
    @Option(help: "Value the plateau callback watches (default \(plateau.monitor)).") var plateauMonitor: String?
    @Option(parsing: .unconditional, help: "Factor the lr is multiplied by on a plateau (default \(plateau.factor)).") var plateauFactor: Double?
    @Option(parsing: .unconditional, help: "Epochs without improvement before the lr drops (default \(plateau.patience)).") var plateauPatience: Int?
    @Option(parsing: .unconditional, help: "Smallest change that counts as an improvement, absolute (default \(plateau.minDelta)).") var plateauMinDelta: Double?
    @Option(parsing: .unconditional, help: "Epochs after a drop during which bad epochs are not counted (default \(plateau.cooldown)).") var plateauCooldown: Int?
    @Option(parsing: .unconditional, help: "The lr never drops below this (default \(plateau.minLR)).") var plateauMinLr: Double?

    @Flag(inversion: .prefixedNo, help: "Stop when the monitored value stops improving (Keras EarlyStopping).") var earlyStopping: Bool?
    @Option(help: "Value EarlyStopping watches (default \(stopping.monitor)).") var earlyStoppingMonitor: String?
    @Option(parsing: .unconditional, help: "Epochs without improvement before stopping (default \(stopping.patience)).") var earlyStoppingPatience: Int?
    @Flag(inversion: .prefixedNo, help: "With --early-stopping, put back the best epoch's weights when training ends.")
    var restoreBestWeights: Bool?

    @Option(help: "Learning-rate schedule over the run: \(ScheduleSettings.Kind.choices) (default \(defaults.schedule.name.rawValue)).")
    var schedule: ScheduleSettings.Kind?
    @Option(parsing: .unconditional, help: "step/exp schedules: the factor applied every --decay-epochs (default \(defaults.schedule.decayRate)).")
    var decayRate: Double?
    @Option(parsing: .unconditional, help: "step/exp schedules: epochs per decay (default \(defaults.schedule.decayEpochs)).") var decayEpochs: Int?
    @Option(parsing: .unconditional, help: "Linear warmup over the first N epochs: from the base lr to the scaled lr with --scale-lr, else from 0.")
    var warmupEpochs: Int?

    func apply(to overrides: inout FlagOverrides) throws {
        let plateau = "callbacks.reduce_lr_on_plateau", stopping = "callbacks.early_stopping"
        overrides.toggle(reduceLrOnPlateau, "--reduce-lr-on-plateau", plateau, \.callbacks.reduceLROnPlateau, defaults: Self.plateau)
        try overrides.set(plateauMonitor, "--plateau-monitor", plateau + ".monitor", in: \.callbacks.reduceLROnPlateau, \.monitor,
                          requires: "--reduce-lr-on-plateau")
        try overrides.set(plateauFactor, "--plateau-factor", plateau + ".factor", in: \.callbacks.reduceLROnPlateau, \.factor,
                          requires: "--reduce-lr-on-plateau")
        try overrides.set(plateauPatience, "--plateau-patience", plateau + ".patience", in: \.callbacks.reduceLROnPlateau, \.patience,
                          requires: "--reduce-lr-on-plateau")
        try overrides.set(plateauMinDelta, "--plateau-min-delta", plateau + ".min_delta", in: \.callbacks.reduceLROnPlateau, \.minDelta,
                          requires: "--reduce-lr-on-plateau")
        try overrides.set(plateauCooldown, "--plateau-cooldown", plateau + ".cooldown", in: \.callbacks.reduceLROnPlateau, \.cooldown,
                          requires: "--reduce-lr-on-plateau")
        try overrides.set(plateauMinLr, "--plateau-min-lr", plateau + ".min_lr", in: \.callbacks.reduceLROnPlateau, \.minLR,
                          requires: "--reduce-lr-on-plateau")

        overrides.toggle(earlyStopping, "--early-stopping", stopping, \.callbacks.earlyStopping, defaults: Self.stopping)
        try overrides.set(earlyStoppingMonitor, "--early-stopping-monitor", stopping + ".monitor", in: \.callbacks.earlyStopping,
                          \.monitor, requires: "--early-stopping")
        try overrides.set(earlyStoppingPatience, "--early-stopping-patience", stopping + ".patience", in: \.callbacks.earlyStopping,
                          \.patience, requires: "--early-stopping")
        try overrides.set(restoreBestWeights, "--restore-best-weights", stopping + ".restore_best_weights",
                          in: \.callbacks.earlyStopping, \.restoreBestWeights, requires: "--early-stopping")

        overrides.set(schedule, "--schedule", "schedule.name", \.schedule.name)
        if decayRate != nil || decayEpochs != nil, ![.step, .exp].contains(overrides.configuration.schedule.name) {
            throw ValidationError("\(decayRate != nil ? "--decay-rate" : "--decay-epochs") has no effect without --schedule step or exp")
        }
        overrides.set(decayRate, "--decay-rate", "schedule.decay_rate", \.schedule.decayRate)
        overrides.set(decayEpochs, "--decay-epochs", "schedule.decay_epochs", \.schedule.decayEpochs)
        overrides.set(warmupEpochs, "--warmup-epochs", "schedule.warmup_epochs", \.schedule.warmupEpochs)
    }
}
