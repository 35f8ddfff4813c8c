import BatchLabCore

/// The sweep search's seeded generator: BatchLabCore's SplitMix64, one stream per (parameter,
/// trial) cell of a search.
typealias SearchRandom = SplitMix64

extension SplitMix64 {
    /// The generator of one cell of a search: `seed`, a parameter name and a trial index, mixed
    /// so that each (parameter, trial) gets its own stream.
    init(seed: UInt64, name: String, trial: Int) {
        self.init(seed: Self.mix(seed ^ Self.mix(Self.fnv1a(name) ^ Self.mix(UInt64(truncatingIfNeeded: trial)))))
    }

    /// One SplitMix64 output from state `x`: a bijection that scrambles every bit.
    static func mix(_ x: UInt64) -> UInt64 {
        var generator = SplitMix64(seed: x)
        return generator.next()
    }

    /// FNV-1a (64-bit) of the UTF-8 bytes: a hash that, unlike `Hasher`, is the same in every process.
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }
}
