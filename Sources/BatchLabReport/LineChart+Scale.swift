import Foundation

extension LineChart {
    /// How values map to positions along an axis.
    public enum Scale: Sendable, Equatable {
        /// Position ∝ value; ticks every 1, 2 or 5 × 10^k.
        case linear
        /// Position ∝ log10(value); ticks at decades (…, 0.01, 0.1, 1, 10, …). Values ≤ 0 are skipped.
        case logarithmic
        /// Position ∝ log2(value); ticks at powers of two (batch sizes). Values ≤ 0 are skipped.
        case binaryLogarithmic

        /// Whether a value can be placed on this axis: finite, and positive on a logarithmic one.
        func accepts(_ value: Double) -> Bool {
            value.isFinite && (self == .linear || value > 0)
        }

        /// The value in axis space: itself, or its exponent in the logarithm's base.
        func transform(_ value: Double) -> Double {
            switch self {
            case .linear: value
            case .logarithmic: log10(value)
            case .binaryLogarithmic: log2(value)
            }
        }

        var base: Double? {
            switch self {
            case .linear: nil
            case .logarithmic: 10
            case .binaryLogarithmic: 2
            }
        }
    }
}
