extension UnsafeBufferPointer<Float> {
    /// Whether no element is NaN or ±∞. Reads the exponent bits with an integer max over SIMD
    /// lanes (a floating-point reduction the compiler may not reorder), so checking every
    /// gradient costs a small fraction of a training step.
    public var allFinite: Bool {
        let exponentMask: UInt32 = 0x7F80_0000
        guard let start = baseAddress else { return true }
        let raw = UnsafeRawPointer(start)
        // Sixteen lanes at a time: an element is NaN or ±∞ exactly when its exponent bits are all set.
        var lanes = SIMD16<UInt32>(repeating: 0)
        let vectors = count / 16
        for index in 0..<vectors {
            lanes = pointwiseMax(lanes, raw.loadUnaligned(fromByteOffset: index * 64, as: SIMD16<UInt32>.self) & exponentMask)
        }
        var largest = lanes.max()
        for index in (vectors * 16)..<count { largest = Swift.max(largest, self[index].bitPattern & exponentMask) }
        return largest != exponentMask
    }
}

extension Tensor {
    /// Whether every physical element (padding included, which stays zero) is finite.
    public var allFinite: Bool { UnsafeBufferPointer(floats).allFinite }
}
