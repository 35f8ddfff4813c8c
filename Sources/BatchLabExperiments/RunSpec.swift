import BatchLabConfig
/// One training run's settings: the flags of `batchlab train`, as a value.
///
/// Defaults are those of `batchlab train`. `baseLR` nil means "the spec's `learningRate`"; see
/// `effectiveLearningRate` for the rate a scaled run trains at. The plateau fields follow Keras's
/// `ReduceLROnPlateau` (monitor, factor, patience, min_lr, cooldown).
public struct RunSpec: Equatable, Sendable {
    public var name: String
    public var model: String
    public var learningRate: Double
    public var batchSize: Int
    public var epochs: Int
    /// "adam" or "sgd".
    public var optimizer: String
    /// SGD momentum; ignored by Adam.
    public var momentum: Double
    public var seed: UInt64
    /// Train on the first N training images only.
    public var subset: Int?
    /// Fraction of the training set held out for validation; nil validates on the test set.
    public var validationSplit: Double?
    /// "scale" or "standardize".
    public var preprocessing: String
    public var scaleLR: LearningRateScaling
    public var baseBatchSize: Int
    public var baseLR: Double?
    public var reduceLROnPlateau: Bool
    public var plateauMonitor: String
    public var plateauFactor: Double
    public var plateauPatience: Int
    public var plateauMinLR: Double
    public var plateauCooldown: Int
    public var earlyStopping: Bool
    public var earlyStoppingPatience: Int
    /// "cosine", "step" or "exp"; nil keeps the rate constant.
    public var schedule: String?
    public var warmupEpochs: Int
    /// Threads for the math; nil uses all cores.
    public var threads: Int?
    /// Stop at this validation accuracy, recording the steps it took (`--target-accuracy`).
    public var targetAccuracy: Double?
    /// With `targetAccuracy`: training images between checks, and validation images per check.
    public var evalEveryImages: Int?
    public var evalImages: Int?

    public init(
        name: String = "run", model: String = "seed-cnn", learningRate: Double = 0.001,
        batchSize: Int = 32, epochs: Int = 50, optimizer: String = "adam", momentum: Double = 0,
        seed: UInt64 = 0, subset: Int? = nil, validationSplit: Double? = nil,
        preprocessing: String = "scale", scaleLR: LearningRateScaling = .none,
        baseBatchSize: Int = 32, baseLR: Double? = nil, reduceLROnPlateau: Bool = false,
        plateauMonitor: String = "val_loss", plateauFactor: Double = 0.1, plateauPatience: Int = 10,
        plateauMinLR: Double = 0, plateauCooldown: Int = 0, earlyStopping: Bool = false,
        earlyStoppingPatience: Int = 10, schedule: String? = nil, warmupEpochs: Int = 0,
        threads: Int? = nil, targetAccuracy: Double? = nil, evalEveryImages: Int? = nil, evalImages: Int? = nil
    ) {
        self.name = name
        self.model = model
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.epochs = epochs
        self.optimizer = optimizer
        self.momentum = momentum
        self.seed = seed
        self.subset = subset
        self.validationSplit = validationSplit
        self.preprocessing = preprocessing
        self.scaleLR = scaleLR
        self.baseBatchSize = baseBatchSize
        self.baseLR = baseLR
        self.reduceLROnPlateau = reduceLROnPlateau
        self.plateauMonitor = plateauMonitor
        self.plateauFactor = plateauFactor
        self.plateauPatience = plateauPatience
        self.plateauMinLR = plateauMinLR
        self.plateauCooldown = plateauCooldown
        self.earlyStopping = earlyStopping
        self.earlyStoppingPatience = earlyStoppingPatience
        self.schedule = schedule
        self.warmupEpochs = warmupEpochs
        self.threads = threads
        self.targetAccuracy = targetAccuracy
        self.evalEveryImages = evalEveryImages
        self.evalImages = evalImages
    }

    /// The rate the run trains at: `learningRate` without scaling, else `scaleLR` applied to
    /// `baseLR ?? learningRate` (`baseLR` matters only when scaling, as in `arguments()`).
    public var effectiveLearningRate: Double {
        guard scaleLR != .none else { return learningRate }
        return scaleLR.effectiveLearningRate(
            base: baseLR ?? learningRate, baseBatchSize: baseBatchSize, batchSize: batchSize)
    }

    /// A name built from the swept settings, in order: `lr=0.0001 batch=32`.
    public static func defaultName(for settings: [SweepSetting]) -> String {
        settings.map { "\($0.parameter.label)=\($0.value)" }.joined(separator: " ")
    }
}
