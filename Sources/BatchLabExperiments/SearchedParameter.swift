/// A parameter a random search draws for every trial: from a distribution (`{distribution:
/// log_uniform_values, min: 1e-4, max: 0.1}`) or uniformly from a list of values.
public struct SearchedParameter: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        case distribution(SearchDistribution)
        case values([SweepValue])
    }

    public var parameter: SweepParameter
    public var source: Source

    public init(_ parameter: SweepParameter, _ source: Source) {
        self.parameter = parameter
        self.source = source
    }

    /// What `RandomSearch` draws: the distribution, or an index into the values.
    var distribution: SearchDistribution {
        switch source {
        case .distribution(let distribution): distribution
        case .values(let values): .choice(values.indices.map(Double.init))
        }
    }

    /// The value for a draw. Real parameters keep 4 significant digits, so run names and
    /// configs read `lr=0.000345` rather than 17 digits (kept within the bounds); integers are exact.
    func value(for draw: Double) -> SweepValue {
        switch source {
        case .values(let values): return values[Int(draw)]
        case .distribution(.intUniform): return .integer(Int(draw.rounded()))
        case .distribution(.qLogUniform(let low, let high, _)):
            // Rounding to a multiple of q may step past max (max 510, q 16 → 512): kept within the bounds.
            return .integer(Int(min(max(draw.rounded(), low.rounded(.up)), high.rounded(.down))))
        case .distribution(.uniform(let low, let high)), .distribution(.logUniform(let low, let high)):
            return .real(min(max(Double(String(format: "%.4g", draw))!, low), high))
        case .distribution: return .real(Double(String(format: "%.4g", draw))!)
        }
    }
}
