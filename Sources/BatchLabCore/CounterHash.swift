/// Counter-based random bits: `bits(i)` depends only on a key and the element index, so a
/// dropout mask can be drawn in any order, by any number of threads, and drawn again in the
/// backward pass instead of being stored. The mix is MurmurHash3's 32-bit finaliser applied
/// to `index ^ key`.
public struct CounterHash {
    public let key: UInt32

    public init(key: UInt32) { self.key = key }

    /// A key for one (seed, step) pair.
    public init(seed: UInt64, step: UInt64) {
        key = UInt32(truncatingIfNeeded: SplitMix64.derive(seed, step))
    }

    /// 32 random bits for element `index`.
    @inline(__always)
    public func bits(_ index: UInt32) -> UInt32 { Self.mix(index ^ key) }

    /// MurmurHash3's fmix32.
    @inline(__always)
    public static func mix(_ value: UInt32) -> UInt32 {
        var h = value
        h ^= h >> 16
        h &*= 0x85EB_CA6B
        h ^= h >> 13
        h &*= 0xC2B2_AE35
        h ^= h >> 16
        return h
    }
}
