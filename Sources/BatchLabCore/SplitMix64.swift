/// A seeded, reproducible random number generator (SplitMix64, Steele et al. 2014).
///
/// Value type: copying it copies its state, so a run can record and restore where it is.
public struct SplitMix64: RandomNumberGenerator, Equatable, Codable, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float uniform in [low, high).
    public mutating func nextFloat(in range: Range<Float>) -> Float {
        let unit = Float(next() >> 40) * 0x1p-24
        return range.lowerBound + (range.upperBound - range.lowerBound) * unit
    }

    /// Derives an independent stream, e.g. one per layer, from a seed and a label.
    public static func derive(_ seed: UInt64, _ label: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: seed ^ (label &* 0xD1B5_4A32_D192_ED03))
        return generator.next()
    }
}
