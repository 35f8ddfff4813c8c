/// The sweep search's seeded generator: SplitMix64 (Steele, Lea & Flood 2014; Vigna's
/// `splitmix64.c`), kept here so that this module needs no other.
///
/// `next()`: state += 0x9E3779B97F4A7C15; z = state; z = (z ^ z >> 30) · 0xBF58476D1CE4E5B9;
/// z = (z ^ z >> 27) · 0x94D049BB133111EB; return z ^ z >> 31 (all wrapping).
struct SearchRandom: RandomNumberGenerator, Equatable, Sendable {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    /// The generator of one cell of a search: `seed`, a parameter name and a trial index, mixed
    /// so that each (parameter, trial) gets its own stream.
    init(seed: UInt64, name: String, trial: Int) {
        state = Self.mix(seed ^ Self.mix(Self.fnv1a(name) ^ Self.mix(UInt64(truncatingIfNeeded: trial))))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One SplitMix64 output from state `x`: a bijection that scrambles every bit.
    static func mix(_ x: UInt64) -> UInt64 {
        var generator = SearchRandom(seed: x)
        return generator.next()
    }

    /// FNV-1a (64-bit) of the UTF-8 bytes: a hash that, unlike `Hasher`, is the same in every process.
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }
}
