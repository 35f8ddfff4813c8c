import BatchLabTraining

/// The callbacks a run adds to its fit, each with Keras's arguments. A section that is null (the
/// default) leaves its callback out.
public struct CallbackSettings: Settings {
    public var reduceLROnPlateau: PlateauSettings?
    public var earlyStopping: EarlyStoppingSettings?
    public var targetAccuracy: TargetAccuracySettings?
    /// Save the last and the best epoch under `<dir>/run-<id>/` (safetensors + JSON); needed to resume.
    public var checkpointDir: String?

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("reduce_lr_on_plateau", \.reduceLROnPlateau), .init("early_stopping", \.earlyStopping),
        .init("target_accuracy", \.targetAccuracy), .init("checkpoint_dir", \.checkpointDir),
    ]

    func validate(hasSchedule: Bool) throws {
        try reduceLROnPlateau?.validate()
        try earlyStopping?.validate()
        try targetAccuracy?.validate()
        try require(reduceLROnPlateau == nil || !hasSchedule, "callbacks.reduce_lr_on_plateau",
                    "and a schedule both set the learning rate; choose one")
    }
}

/// The values every epoch logs, which callbacks can watch.
public let monitoredValues = ["loss", "accuracy", "val_loss", "val_accuracy"]

/// Keras `ReduceLROnPlateau`: multiply the lr by `factor` on the `patience`-th epoch without an
/// improvement of `min_delta` (absolute) in `monitor`.
public struct PlateauSettings: Settings {
    public var monitor = ReduceLROnPlateau.Defaults.monitor
    public var factor = ReduceLROnPlateau.Defaults.factor
    public var patience = ReduceLROnPlateau.Defaults.patience
    public var minDelta = ReduceLROnPlateau.Defaults.minDelta
    public var cooldown = ReduceLROnPlateau.Defaults.cooldown
    public var minLR = ReduceLROnPlateau.Defaults.minLR

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("monitor", \.monitor), .init("factor", \.factor), .init("patience", \.patience),
        .init("min_delta", \.minDelta), .init("cooldown", \.cooldown), .init("min_lr", \.minLR),
    ]

    func validate() throws {
        let key = "callbacks.reduce_lr_on_plateau."
        try require(monitoredValues.contains(monitor), key + "monitor", "must be one of \(monitoredValues.joined(separator: ", ")) (got '\(monitor)')")
        try require(factor > 0 && factor < 1, key + "factor", "must be in (0, 1) (got \(factor))")
        try require(patience, in: 1...Limits.epochSpans, key + "patience")
        try require(minDelta.isFinite && minDelta >= 0, key + "min_delta", "must be a number ≥ 0 (got \(minDelta))")
        try require(cooldown, in: 0...Limits.epochSpans, key + "cooldown")
        try require(minLR.isFinite && minLR >= 0, key + "min_lr", "must be a number ≥ 0 (got \(minLR))")
    }
}

/// Keras `EarlyStopping`: stop after `patience` epochs without improvement in `monitor`. The
/// patience defaults to 10 epochs, BatchLab's choice (Keras's 0 stops at the first bad epoch).
public struct EarlyStoppingSettings: Settings {
    public var monitor = EarlyStopping.Defaults.monitor
    public var patience = 10
    /// Put back the best epoch's weights when training ends.
    public var restoreBestWeights = false

    public init() {}

    public static let fields: [SettingField<Self>] = [
        .init("monitor", \.monitor), .init("patience", \.patience), .init("restore_best_weights", \.restoreBestWeights),
    ]

    func validate() throws {
        let key = "callbacks.early_stopping."
        try require(monitoredValues.contains(monitor), key + "monitor", "must be one of \(monitoredValues.joined(separator: ", ")) (got '\(monitor)')")
        try require(patience, in: 0...Limits.epochSpans, key + "patience")
    }
}

/// Train until a validation accuracy is reached and record the steps, images and seconds it took
/// (the measurement behind steps-to-target against batch size).
public struct TargetAccuracySettings: Settings {
    /// The validation accuracy to reach; required when the callback is on.
    public var target: Double?
    /// Training images between checks.
    public var evalEveryImages = 5000
    /// Validation images each check uses.
    public var evalImages = 2000

    public init() {}

    public init(target: Double) { self.target = target }

    public static let fields: [SettingField<Self>] = [
        .init("target", \.target), .init("eval_every_images", \.evalEveryImages), .init("eval_images", \.evalImages),
    ]

    func validate() throws {
        let key = "callbacks.target_accuracy."
        guard let target else { throw ConfigurationError(key: key + "target", "is required: the validation accuracy to train to, in (0, 1]") }
        try require(target > 0 && target <= 1, key + "target", "must be in (0, 1] (got \(target))")
        try require(evalEveryImages, in: 1...Limits.evalEveryImages, key + "eval_every_images")
        try require(evalImages, in: 1...Limits.trainingImages, key + "eval_images")
    }
}
