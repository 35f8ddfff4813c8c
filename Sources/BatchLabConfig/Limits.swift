/// Bounds on counts and sizes that make sense for CIFAR-10 on one machine, checked before any
/// work starts, so that no setting can overflow a step count or run without end.
public enum Limits {
    /// CIFAR-10's training images: the largest batch, subset or base batch size.
    public static let trainingImages = 50_000
    /// Epochs of a run; epochs × steps per epoch stays far below `Int.max`.
    public static let epochs = 10_000
    /// Threads of one process.
    public static let threads = 1_024
    /// Epochs of a patience, a cooldown or a decay period.
    public static let epochSpans = 10_000
    /// Steps between recorded losses.
    public static let logEverySteps = 1_000_000
    /// Training images between target-accuracy checks (the images of a 10,000-epoch run).
    public static let evalEveryImages = 500_000_000
    /// A layer's filters or units; a kernel, pool or stride side.
    public static let layerWidth = 16_384
    public static let windowSide = 32
    /// Runs of one sweep (a grid's product, or a random search's count).
    public static let sweepRuns = 10_000
    /// Repeats of one setting with other seeds (`seeds:`, `study seed --seeds`).
    public static let seeds = 100
    /// The highest learning rate a run may ask for: ten times lr-find's default end (10), far past
    /// divergence for any optimizer here, yet it keeps every update finite in Float.
    public static let learningRate = 100.0
}
