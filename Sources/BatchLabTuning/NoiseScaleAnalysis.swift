/// What `batchlab noise-scale` measured: the noise scale at several points of a training run,
/// the training throughput at candidate batch sizes, and the advice drawn from the last estimate.
public struct NoiseScaleAnalysis: Codable, Equatable, Sendable {
    /// Images per second at one batch size, on this machine.
    public struct Throughput: Codable, Equatable, Sendable {
        public var batchSize: Int
        public var imagesPerSecond: Double

        public init(batchSize: Int, imagesPerSecond: Double) {
            self.batchSize = batchSize
            self.imagesPerSecond = imagesPerSecond
        }
    }

    /// The run the estimates were taken along: its batch size and learning rate.
    public var batchSize: Int
    public var learningRate: Double
    /// In training order; the first before any step.
    public var estimates: [NoiseScaleEstimate]
    public var throughput: [Throughput]
    /// From the last estimate; nil when it could not be given (noise scale ≤ 0).
    public var advice: BatchSizeAdvice?

    public init(batchSize: Int, learningRate: Double, estimates: [NoiseScaleEstimate], throughput: [Throughput],
                advice: BatchSizeAdvice?) {
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.estimates = estimates
        self.throughput = throughput
        self.advice = advice
    }

    /// The estimate the advice rests on: the last one.
    public var latest: NoiseScaleEstimate? { estimates.last }
}
