import BatchLabCore

/// Initial parameter values, with Keras's names and defaults.
public enum Initializer {
    /// Glorot & Bengio (2010): U(−l, l) with l = √(6 / (fan_in + fan_out)). For a kernel of
    /// shape (O, C, kh, kw) fan_in = C·kh·kw and fan_out = O·kh·kw, as Keras counts them.
    case glorotUniform
    case zeros
    case ones

    /// Fills `values` (plain layout of `shape`, output dimension first).
    public func fill(_ values: UnsafeMutableBufferPointer<Float>, shape: [Int], generator: inout SplitMix64) {
        switch self {
        case .zeros: values.update(repeating: 0)
        case .ones: values.update(repeating: 1)
        case .glorotUniform:
            let receptive = shape.dropFirst(2).reduce(1, *)
            let fanIn = (shape.count > 1 ? shape[1] : 1) * receptive
            let fanOut = shape[0] * receptive
            let limit = (6 / Float(fanIn + fanOut)).squareRoot()
            for i in 0..<shape.reduce(1, *) {
                values[i] = generator.nextFloat(in: -limit..<limit)
            }
        }
    }
}
