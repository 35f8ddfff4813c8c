/// One measurement for the noise scale: squared norms of mean gradients at two batch sizes,
/// taken at the same weights.
public struct GradientNormPair: Codable, Equatable, Sendable {
    /// |G_small|²: the squared norm of a small batch's mean gradient (averaged over the small
    /// batches that make up the big one).
    public var small: Double
    /// |G_big|²: the squared norm of the big batch's mean gradient.
    public var big: Double

    public init(small: Double, big: Double) {
        self.small = small
        self.big = big
    }
}
