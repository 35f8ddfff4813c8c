/// Convolution padding, as Keras names it.
public enum Padding: String, CaseIterable, Sendable {
    /// Output size ⌈H / stride⌉; the total padding is split with the extra row/column at the bottom/right.
    case same
    /// No padding: output size ⌊(H − k) / stride⌋ + 1.
    case valid

    /// Output length and (low, high) padding along one spatial axis.
    func geometry(input: Int, kernel: Int, stride: Int) -> (output: Int, low: Int, high: Int) {
        switch self {
        case .valid:
            return ((input - kernel) / stride + 1, 0, 0)
        case .same:
            let output = (input + stride - 1) / stride
            let total = max((output - 1) * stride + kernel - input, 0)
            return (output, total / 2, total - total / 2)
        }
    }
}
