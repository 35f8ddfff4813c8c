/// Inverted dropout over a flat buffer: `y = x · m / keep` with `m ~ Bernoulli(keep)` drawn from
/// `hash`. The same call on the output gradient gives the input gradient (the mask is redrawn).
/// Element i draws the bits of index `firstIndex + i`, so a buffer that holds part of a batch
/// (a data-parallel rank's share) gets the mask the whole batch would give those elements.
/// A plain loop over 32-bit integer arithmetic, which the compiler vectorises (8 lanes on AVX2).
public func dropoutMask(_ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int,
                        keepProbability: Float, hash: CounterHash, firstIndex: Int = 0) {
    let threshold = UInt32(min(Double(keepProbability) * 4_294_967_296.0, 4_294_967_295.0))
    let scale = 1 / keepProbability
    let key = hash.key
    let first = UInt32(truncatingIfNeeded: firstIndex)
    for i in 0..<count {
        let bits = CounterHash.mix((first &+ UInt32(truncatingIfNeeded: i)) ^ key)
        output[i] = bits < threshold ? input[i] * scale : 0
    }
}
