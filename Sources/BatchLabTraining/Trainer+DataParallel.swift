import BatchLabNN
import Dispatch

extension Trainer {
    /// Sums the gradients of `parameters` over the members through one fused buffer (one
    /// allreduce per step, as Horovod's tensor fusion); returns the seconds it took.
    func sumGradients(of parameters: [Parameter], over collective: any Collective) throws -> Double {
        let count = parameters.reduce(0) { $0 + $1.gradient.floats.count }
        if fusedGradients.count != count { fusedGradients = [Float](repeating: 0, count: count) }
        let started = DispatchTime.now().uptimeNanoseconds
        try fusedGradients.withUnsafeMutableBufferPointer { fused in
            var offset = 0
            for parameter in parameters {
                let gradient = parameter.gradient.floats
                _ = UnsafeMutableBufferPointer(rebasing: fused[offset..<(offset + gradient.count)]).update(fromContentsOf: gradient)
                offset += gradient.count
            }
            try collective.sum(fused)
            offset = 0
            for parameter in parameters {
                let gradient = parameter.gradient.floats
                _ = gradient.update(fromContentsOf: fused[offset..<(offset + gradient.count)])
                offset += gradient.count
            }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    /// Refuses to train when the members do not hold the same weights, learning rate and step
    /// (a different seed, checkpoint or model on one of them): a checksum, compared over all.
    func checkMembersAgree() throws {
        guard let collective, collective.size > 1 else { return }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ bits: UInt64) { hash = (hash ^ bits) &* 0x0000_0100_0000_01B3 }
        for parameter in network.parameters {
            for value in parameter.value.floats { mix(UInt64(value.bitPattern)) }
        }
        mix(UInt64(learningRate.bitPattern))
        mix(progress.step)
        // 52 bits, exact in a Double; max(h) == −max(−h) only when every member has the same h.
        let checksum = Double(hash >> 12)
        let extremes = try collective.reduce([checksum, -checksum], .maximum)
        guard extremes[0] == -extremes[1] else {
            throw CollectiveError("the \(collective.size) ranks do not start from the same weights, learning rate and step "
                                  + "(different seeds, models or checkpoints?)")
        }
    }
}
