import BatchLabConfig
/// A key of a sweep file's `parameters:` or `runs:` entries: one `RunSpec` field, in snake_case.
public enum SweepParameter: String, CaseIterable, Sendable {
    case name, model, lr
    case batchSize = "batch_size"
    case epochs, optimizer, momentum, seed, subset
    case validationSplit = "validation_split"
    case preprocessing
    case scaleLR = "scale_lr"
    case baseBatchSize = "base_batch_size"
    case baseLR = "base_lr"
    case reduceLROnPlateau = "reduce_lr_on_plateau"
    case plateauMonitor = "plateau_monitor"
    case plateauFactor = "plateau_factor"
    case plateauPatience = "plateau_patience"
    case plateauMinLR = "plateau_min_lr"
    case plateauCooldown = "plateau_cooldown"
    case earlyStopping = "early_stopping"
    case earlyStoppingPatience = "early_stopping_patience"
    case schedule
    case warmupEpochs = "warmup_epochs"
    case threads
    case targetAccuracy = "target_accuracy"
    case evalEveryImages = "eval_every_images"
    case evalImages = "eval_images"

    /// The word a default run name uses: `batch` for batch_size, the key otherwise.
    public var label: String { self == .batchSize ? "batch" : rawValue }

    /// Sets this parameter's field of `run`. `value` must be one `value(of:)` returned.
    public func apply(_ value: SweepValue, to run: inout RunSpec) {
        switch (self, value) {
        case (.name, .text(let v)): run.name = v
        case (.model, .text(let v)): run.model = v
        case (.lr, .real(let v)): run.learningRate = v
        case (.batchSize, .integer(let v)): run.batchSize = v
        case (.epochs, .integer(let v)): run.epochs = v
        case (.optimizer, .text(let v)): run.optimizer = v
        case (.momentum, .real(let v)): run.momentum = v
        case (.seed, .unsigned(let v)): run.seed = v
        case (.subset, .integer(let v)): run.subset = v
        case (.subset, .null): run.subset = nil
        case (.validationSplit, .real(let v)): run.validationSplit = v
        case (.validationSplit, .null): run.validationSplit = nil
        case (.preprocessing, .text(let v)): run.preprocessing = v
        case (.scaleLR, .text(let v)): run.scaleLR = LearningRateScaling(rawValue: v) ?? .none
        case (.baseBatchSize, .integer(let v)): run.baseBatchSize = v
        case (.baseLR, .real(let v)): run.baseLR = v
        case (.baseLR, .null): run.baseLR = nil
        case (.reduceLROnPlateau, .flag(let v)): run.reduceLROnPlateau = v
        case (.plateauMonitor, .text(let v)): run.plateauMonitor = v
        case (.plateauFactor, .real(let v)): run.plateauFactor = v
        case (.plateauPatience, .integer(let v)): run.plateauPatience = v
        case (.plateauMinLR, .real(let v)): run.plateauMinLR = v
        case (.plateauCooldown, .integer(let v)): run.plateauCooldown = v
        case (.earlyStopping, .flag(let v)): run.earlyStopping = v
        case (.earlyStoppingPatience, .integer(let v)): run.earlyStoppingPatience = v
        case (.schedule, .text(let v)): run.schedule = v
        case (.schedule, .null): run.schedule = nil
        case (.warmupEpochs, .integer(let v)): run.warmupEpochs = v
        case (.threads, .integer(let v)): run.threads = v
        case (.threads, .null): run.threads = nil
        case (.targetAccuracy, .real(let v)): run.targetAccuracy = v
        case (.targetAccuracy, .null): run.targetAccuracy = nil
        case (.evalEveryImages, .integer(let v)): run.evalEveryImages = v
        case (.evalImages, .integer(let v)): run.evalImages = v
        default: preconditionFailure("'\(rawValue)' cannot take \(value); parse it with value(of:)")
        }
    }
}
