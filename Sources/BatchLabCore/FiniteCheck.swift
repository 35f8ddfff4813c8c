extension UnsafeBufferPointer<Float> {
    /// Whether no element is NaN or ±∞. Reads the exponent bits with an integer max, which the
    /// compiler vectorizes (a floating-point reduction it may not reorder), so a check of every
    /// gradient costs a fraction of a training step.
    public var allFinite: Bool {
        let exponentMask: UInt32 = 0x7F80_0000
        var largest: UInt32 = 0
        UnsafeRawBufferPointer(self).withMemoryRebound(to: UInt32.self) { bits in
            for word in bits { largest = Swift.max(largest, word & exponentMask) }
        }
        return largest != exponentMask
    }
}

extension Tensor {
    /// Whether every physical element (padding included, which stays zero) is finite.
    public var allFinite: Bool { UnsafeBufferPointer(floats).allFinite }
}
