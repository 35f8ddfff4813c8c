import Foundation

/// How a random search draws one numeric parameter: W&B sweep distributions, named as W&B names
/// them (`name`), with bounds given as values (W&B's `*_values` forms; its plain `log_uniform`
/// takes exponents instead).
///
/// Every case uses one uniform draw u: a double in [0, 1) from the top 53 bits of one `next()`,
/// or an index from the high word of `next() · count` (Lemire 2019 without rejection; bias below
/// count / 2⁶⁴), so a seeded generator gives the same samples on every platform.
public enum SearchDistribution: Equatable, Sendable {
    /// `uniform`: min + (max − min)·u, in [min, max].
    case uniform(min: Double, max: Double)
    /// `log_uniform_values`: exp(ln min + (ln max − ln min)·u), so ln x is uniform; 0 < min < max.
    /// Each decade gets the same share: logUniform(1e-4, 1e-1) is below 1e-3 a third of the time.
    case logUniform(min: Double, max: Double)
    /// `int_uniform`: an integer from min to max, both included, each equally likely.
    case intUniform(min: Int, max: Int)
    /// `q_log_uniform_values`: round(x / q)·q with x = logUniform(min, max), rounding half to
    /// even as NumPy. Needs q ≤ min, so no sample rounds to 0: (16, 512, q 16) gives batch sizes.
    case qLogUniform(min: Double, max: Double, q: Double)
    /// `categorical` (W&B's `values:` under `method: random`): one of the values, each with
    /// probability 1 / count.
    case choice([Double])

    /// W&B's name for the distribution, as a sweep file writes it.
    public var name: String {
        switch self {
        case .uniform: return "uniform"
        case .logUniform: return "log_uniform_values"
        case .intUniform: return "int_uniform"
        case .qLogUniform: return "q_log_uniform_values"
        case .choice: return "categorical"
        }
    }

    /// One sample; call `validationError(parameter:)` first, as bad bounds trap or give nonsense.
    public func sample(using generator: inout some RandomNumberGenerator) -> Double {
        switch self {
        case .uniform(let min, let max):
            return Swift.min(min + (max - min) * Self.unit(&generator), max)
        case .logUniform(let min, let max):
            let x = exp(log(min) + (log(max) - log(min)) * Self.unit(&generator))
            return Swift.min(Swift.max(x, min), max)
        case .intUniform(let min, let max):
            return Double(min + Int(Self.index(below: UInt64(max - min) + 1, &generator)))
        case .qLogUniform(let min, let max, let q):
            let x = SearchDistribution.logUniform(min: min, max: max).sample(using: &generator)
            return (x / q).rounded(.toNearestOrEven) * q
        case .choice(let values):
            return values[Int(Self.index(below: UInt64(values.count), &generator))]
        }
    }

    /// Why these bounds cannot be sampled, in one line naming `parameter`, or nil when they can:
    /// `'lr' log_uniform_values needs 0 < min < max (got min 0.0, max 0.1)`.
    public func validationError(parameter: String) -> String? {
        let prefix = "'\(parameter)' \(name)"
        switch self {
        case .uniform(let min, let max):
            guard min.isFinite, max.isFinite, min < max else {
                return "\(prefix) needs finite min < max (got min \(min), max \(max))"
            }
        case .logUniform(let min, let max), .qLogUniform(let min, let max, _):
            guard min > 0, max.isFinite, min < max else {
                return "\(prefix) needs 0 < min < max, both finite (got min \(min), max \(max))"
            }
            if case .qLogUniform(_, _, let q) = self, !(q > 0 && q <= min) {
                return "\(prefix) needs 0 < q ≤ min, so that no sample rounds to 0 (got q \(q), min \(min))"
            }
        case .intUniform(let min, let max):
            guard min < max else { return "\(prefix) needs min < max (got min \(min), max \(max))" }
            guard Swift.max(min.magnitude, max.magnitude) <= 1 << 53 else {
                return "\(prefix) needs bounds within ±2^53, where doubles hold every integer (got min \(min), max \(max))"
            }
        case .choice(let values):
            guard !values.isEmpty else { return "\(prefix) needs at least one value" }
            if let bad = values.first(where: { !$0.isFinite }) {
                return "\(prefix) needs finite values (got \(bad))"
            }
        }
        return nil
    }

    // MARK: - Uniform draws

    /// A double uniform in [0, 1): the top 53 bits of one `next()`, scaled by 2⁻⁵³.
    private static func unit(_ generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1p-53
    }

    /// An index uniform in 0..<count: the high word of `next() · count`.
    private static func index(below count: UInt64, _ generator: inout some RandomNumberGenerator) -> UInt64 {
        generator.next().multipliedFullWidth(by: count).high
    }
}
