import BatchLabNN

/// Updates parameters from their gradients, one step at a time.
///
/// The learning rate may change between steps (schedules, ReduceLROnPlateau). Optimizer state
/// (moments, velocities) is held in arrays — value semantics: copying an optimizer copies its
/// state — laid out like each parameter's physical buffer, so an update is one vectorised pass.
public protocol Optimizer {
    var learningRate: Float { get set }
    /// Number of updates applied so far.
    var iterations: Int { get }
    /// Applies one update to every parameter from its `gradient`.
    mutating func update(_ parameters: [Parameter])
}

/// Zeroed state buffers, one per parameter, sized like its physical storage.
func zeroSlots(for parameters: [Parameter]) -> [[Float]] {
    parameters.map { [Float](repeating: 0, count: $0.value.floats.count) }
}
