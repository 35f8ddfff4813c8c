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

    /// Refuses to train (`MembersDisagree`) unless every member holds the same weights in the
    /// same layouts, learning rate, step, shuffling state and `facts` (epochs, batch size, data
    /// sizes): a checksum, compared over all. The training plan of the member's first share is
    /// built first, since it fixes the layouts the gradients are summed in.
    func checkMembersAgree(on facts: [Int], firstShare: Int) throws {
        guard let collective, collective.size > 1 else { return }
        if firstShare > 0 { _ = try network.plan(batchSize: firstShare, training: true) }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ bits: UInt64) { hash = (hash ^ bits) &* 0x0000_0100_0000_01B3 }
        for parameter in network.parameters {
            for word in parameter.value.desc.layoutFingerprint { mix(UInt64(bitPattern: word)) }
            for value in parameter.value.floats { mix(UInt64(value.bitPattern)) }
        }
        for fact in facts { mix(UInt64(bitPattern: Int64(fact))) }
        mix(UInt64(learningRate.bitPattern))
        mix(progress.step)
        mix(progress.shuffle.state)
        // 52 bits, exact in a Double; max(h) == −max(−h) only when every member has the same h.
        let checksum = Double(hash >> 12)
        let extremes = try collective.reduce([checksum, -checksum], .maximum)
        guard extremes[0] == -extremes[1] else {
            throw MembersDisagree("the \(collective.size) ranks would not train the same run: their weights, layouts (CPUs of "
                                  + "another kind?), settings or data differ (different seeds, models, flags, checkpoints or data folders?)")
        }
    }

    /// True when any member was asked to stop (every member calls it at the same point).
    func stopAgreed(_ requested: Bool) throws -> Bool {
        guard let collective else { return requested }
        return try collective.reduce([requested ? 1 : 0], .maximum)[0] > 0
    }

    /// Replaces the parameters no optimizer updates (BatchNormalization's moving statistics) by
    /// their mean over the members.
    func averageNonTrainable(over collective: any Collective) throws {
        for parameter in network.parameters where !parameter.trainable {
            let values = parameter.value.floats
            try collective.sum(values)
            let scale = 1 / Float(collective.size)
            for index in values.indices { values[index] *= scale }
        }
    }
}
