import BatchLabNN

/// Updates parameters from their gradients, one step at a time.
///
/// The learning rate is given with each step: its owner is the fit loop's `TrainingState`,
/// which schedules and ReduceLROnPlateau change between steps. Optimizer state
/// (moments, velocities) is held in arrays — value semantics: copying an optimizer copies its
/// state — laid out like each parameter's physical buffer, so an update is one vectorised pass.
public protocol Optimizer {
    /// Number of updates applied so far.
    var iterations: Int { get }
    /// Applies one update at `learningRate` to every parameter from its `gradient`.
    mutating func update(_ parameters: [Parameter], learningRate: Float)
    /// Per-parameter state buffers by name (Adam's `m` and `v`), one array per parameter in its
    /// physical layout; empty before the first update. A checkpoint saves them.
    var slots: [String: [[Float]]] { get }
    /// Puts back state saved from `slots` and `iterations`.
    mutating func restore(iterations: Int, slots: [String: [[Float]]]) throws
}

/// Saved optimizer state that does not fit this optimizer.
public struct OptimizerStateError: Error, CustomStringConvertible {
    public var description: String
}

/// The slot named `name` from saved state, checked against the parameters' buffer sizes.
func savedSlot(_ name: String, in slots: [String: [[Float]]], sizes: [Int]) throws -> [[Float]] {
    guard let slot = slots[name] else { throw OptimizerStateError(description: "saved optimizer state has no '\(name)'") }
    guard slot.map(\.count) == sizes else {
        throw OptimizerStateError(description: "saved optimizer state '\(name)' does not match the model's parameters")
    }
    return slot
}

/// Zeroed state buffers, one per parameter, sized like its physical storage.
func zeroSlots(for parameters: [Parameter]) -> [[Float]] {
    parameters.map { [Float](repeating: 0, count: $0.value.floats.count) }
}
