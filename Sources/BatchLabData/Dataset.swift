/// A labelled set of examples that fills batches on request.
public protocol Dataset {
    /// Number of examples.
    var count: Int { get }
    /// Shape of one example, (C, H, W).
    var exampleShape: [Int] { get }
    var classCount: Int { get }
    /// Writes the examples at `indices` into `inputs` (plain (N, C, H, W)) and their one-hot labels
    /// into `targets` (N, classes).
    func fill(_ indices: ArraySlice<Int>, inputs: UnsafeMutablePointer<Float>, targets: UnsafeMutablePointer<Float>)
}
