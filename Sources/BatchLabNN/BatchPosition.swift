/// Which step a batch belongs to and where its examples stand in that step's batch: what a
/// dropout mask depends on.
public struct BatchPosition: Equatable, Sendable {
    /// The training step, counted over all epochs.
    public var step: UInt64
    /// The index of the batch's first example in the step's global batch: 0 in one process; a
    /// data-parallel rank's offset, so an example gets the same mask whichever rank computes it.
    public var firstExample: Int

    public init(step: UInt64, firstExample: Int = 0) { (self.step, self.firstExample) = (step, firstExample) }
}
