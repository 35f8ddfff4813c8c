import BatchLabCore
import CDNNL
import Testing
@testable import BatchLabNN
@testable import BatchLabOptim

/// Weight decay against float64 NumPy references of PyTorch's and Keras's algorithms (torch is not
/// installed), written from `torch.optim.AdamW`, `torch.optim.SGD` and `keras.optimizers.AdamW`.
/// Script (NumPy 2.4, float64; printed with 9 significant digits), essentials:
///
///     theta0 = [0.5, -1, 2, 0, -0.25]
///     grads  = [[0.1, -0.2, 0.3, 0, 0.05], [-0.05, 0.4, 0.1, 0, -0.3], [0.2, 0.1, -0.25, 0, 0.15]]
///     def torch_adamw(lrs, wd, b1=0.9, b2=0.999, eps=1e-8):        # for t, g, lr in steps 1…3:
///         p = p * (1 - lr * wd)                                     # param.mul_(1 - lr * weight_decay)
///         m = m + (g - m) * (1 - b1);  v = v * b2 + (1 - b2) * g * g
///         p = p - lr / (1 - b1**t) * m / (sqrt(v) / sqrt(1 - b2**t) + eps)
///     def keras_adamw(lrs, wd, b1=0.9, b2=0.999, eps=1e-7):
///         p = p - p * wd * lr                                       # _apply_weight_decay, before the step
///         alpha = lr * sqrt(1 - b2**t) / (1 - b1**t)
///         m = m + (g - m) * (1 - b1);  v = v + (g * g - v) * (1 - b2)
///         p = p - alpha * m / (sqrt(v) + eps)
///     def torch_sgd(lr, wd, mu, nesterov):
///         d = g + wd * p;  buf = d if first step else mu * buf + d
///         d = d + mu * buf if nesterov else buf;  p = p - lr * d
///     # and: torch_sgd(0.1, 0.05, 0, False) == Keras's decoupled p - p*wd*lr - lr*g (asserted)
///
/// Tolerance 1e-6 absolute (Float32 arithmetic on values ≤ 2). Each parameter is the five values
/// repeated four times (20 floats), so both the 16-wide SIMD loop and the scalar tail are checked.
/// The θ = 0, g = 0 element must stay exactly 0, as padding does.
@Suite struct WeightDecayTests {
    static let start: [Float] = [0.5, -1, 2, 0, -0.25]
    static let gradients: [[Float]] = [[0.1, -0.2, 0.3, 0, 0.05], [-0.05, 0.4, 0.1, 0, -0.3], [0.2, 0.1, -0.25, 0, 0.15]]

    static func tiled(_ values: [Float]) -> [Float] { Array(repeating: values, count: 4).flatMap { $0 } }

    /// Runs three steps at `rates`, checking each against the reference rows.
    func check<O: Optimizer>(_ optimizer: O, rates: [Float], expected: [[Float]]) throws {
        let engine = try Engine(threads: 1)
        let parameter = try makeParameter(Self.tiled(Self.start), engine: engine)
        var optimizer = optimizer
        for ((gradient, rate), row) in zip(zip(Self.gradients, rates), expected) {
            try parameter.gradient.setPlainValues(Self.tiled(gradient), engine: engine)
            optimizer.update([parameter], learningRate: rate)
            let values = try parameter.value.plainValues(engine: engine)
            for (a, e) in zip(values, Self.tiled(row)) { #expect(abs(a - e) <= 1e-6, "\(a) vs \(e)") }
            #expect(values[3] == 0 && values[18] == 0)
        }
    }

    /// PyTorch AdamW, lr 0.05, 0.05, then 0.01 (the decay uses the current rate), λ 0.1, ε 1e-8.
    @Test func matchesNumPyPyTorchAdamW() throws {
        try check(Adam(epsilon: 1e-8, epsilonPlacement: .pytorch, weightDecay: 0.1),
                  rates: [0.05, 0.05, 0.01],
                  expected: [[0.447500005, -0.945000002, 1.94, 0, -0.29874999],
                             [0.431945655, -0.958580178, 1.88674681, 0, -0.266060308],
                             [0.424932594, -0.96177811, 1.88354399, 0, -0.264296041]])
    }

    /// Keras AdamW, lr 0.02, then 0.05, 0.05, λ 0.25, ε 1e-7.
    @Test func matchesNumPyKerasAdamW() throws {
        try check(Adam(weightDecay: 0.25),
                  rates: [0.02, 0.05, 0.05],
                  expected: [[0.477500632, -0.975000316, 1.97000021, 0, -0.268748735],
                             [0.458215399, -0.981117859, 1.90182245, 0, -0.234193767],
                             [0.419582581, -0.989636302, 1.87146936, 0, -0.22377538]])
    }

    /// PyTorch SGD(lr 0.1, momentum 0.9, weight_decay 0.05), classical and Nesterov. The rate is
    /// constant: our velocity is Keras's (in parameter units, v = −lr · PyTorch's buffer), which
    /// equals PyTorch's only while lr does not change.
    @Test func matchesNumPyPyTorchSGD() throws {
        try check(SGD(momentum: 0.9, weightDecay: 0.05), rates: [0.1, 0.1, 0.1],
                  expected: [[0.4875, -0.975, 1.96, 0, -0.25375],
                             [0.4788125, -0.987625, 1.9042, 0, -0.22585625],
                             [0.448599687, -1.00404937, 1.869459, 0, -0.214622594]])
        try check(SGD(momentum: 0.9, nesterov: true, weightDecay: 0.05), rates: [0.1, 0.1, 0.1],
                  expected: [[0.47625, -0.9525, 1.924, 0, -0.257125],
                             [0.471100625, -0.99920125, 1.854322, 0, -0.200719812],
                             [0.421633857, -1.01902621, 1.83915374, 0, -0.204705368]])
    }

    /// Bit patterns captured from the optimizers before weight decay existed (same inputs, two
    /// steps): `weightDecay: 0` must reproduce them exactly.
    @Test func zeroDecayIsBitIdenticalToBefore() throws {
        let engine = try Engine(threads: 1)
        let start = (0..<18).map { Float($0 % 7) * 0.37 - 1.1 }
        let g1 = (0..<18).map { Float($0 % 5) * 0.21 - 0.4 }
        let g2 = (0..<18).map { Float($0 % 3) * -0.33 + 0.25 }
        let before: [[UInt32]] = [
            [0xbf8b4c3e, 0xbf35ffee, 0xbeb9cd03, 0xbc240cc7, 0x3ebabf23, 0x3f451f15, 0x3f90667b, 0xbf8d5d19, 0xbf3c9e05,
             0xbec24e28, 0x3ce59fb8, 0x3ecc9433, 0x3f3b679f, 0x3f8d9543, 0xbf8e0ecd, 0xbf37e029, 0xbeae8f37, 0x3be8e823],
            [0xbf8b4c3d, 0xbf35ffe9, 0xbeb9cd35, 0xbc240db5, 0x3ebabf20, 0x3f451f17, 0x3f90667b, 0xbf8d5d25, 0xbf3c9e07,
             0xbec24e2c, 0x3ce5a000, 0x3ecc943a, 0x3f3b6785, 0x3f8d9541, 0xbf8e0ece, 0xbf37e028, 0xbeae8f2d, 0x3be8dbbb],
            [0xbf8645a2, 0xbf2f9725, 0xbea5460b, 0xbd706f6c, 0x3e9bda51, 0x3f5df3b7, 0x3f90c7e3, 0xbf8c432d, 0xbf3b923a,
             0xbeefec57, 0x3dc08312, 0x3eea0903, 0x3f38a091, 0x3f8aca58, 0xbf9240b8, 0xbf2dd2f2, 0xbea1bda6, 0x3d4154ca],
            [0xbf85013b, 0xbf29ceaf, 0xbe9335d2, 0xbdcc73ad, 0x3e8d4aa2, 0x3f6fb15b, 0x3f8fdee8, 0xbf8b8c55, 0xbf36e4e2,
             0xbf06d86f, 0x3e08ce70, 0x3f026762, 0x3f3273d6, 0x3f8953ce, 0xbf92176e, 0xbf2b4a24, 0xbe962cbb, 0x3da8eb47],
        ]
        let optimizers: [(any Optimizer, Float)] = [
            (Adam(epsilonPlacement: .keras, weightDecay: 0), 0.01),
            (Adam(epsilonPlacement: .pytorch, weightDecay: 0), 0.01),
            (SGD(momentum: 0.9, nesterov: false, weightDecay: 0), 0.1),
            (SGD(momentum: 0.9, nesterov: true, weightDecay: 0), 0.1),
        ]
        for ((optimizer, rate), bits) in zip(optimizers, before) {
            var optimizer = optimizer
            let parameter = try makeParameter(start, engine: engine)
            for gradient in [g1, g2] {
                try parameter.gradient.setPlainValues(gradient, engine: engine)
                optimizer.update([parameter], learningRate: rate)
            }
            #expect(parameter.value.floats.map(\.bitPattern) == bits, "\(optimizer)")
        }
    }

    /// The multi-thread split of the fused AdamW pass gives the same bits as one thread.
    @Test func splitsAcrossThreadsWithDecayOn() throws {
        let engine = try Engine(threads: 2)
        let count = 200_003
        let start = (0..<count).map { Float(($0 % 97)) / 97 - 0.5 }
        let gradient = (0..<count).map { Float(($0 % 89)) / 89 - 0.4 }
        var results: [[Float]] = []
        for (threads, weightDecay) in [(1, Float(0.1)), (2, 0.1), (1, 0)] {
            let parameter = try makeParameter(start, engine: engine)
            try parameter.gradient.setPlainValues(gradient, engine: engine)
            var adam = Adam(weightDecay: weightDecay, threads: threads)
            adam.update([parameter], learningRate: 0.01)
            adam.update([parameter], learningRate: 0.005)
            results.append(try parameter.value.plainValues(engine: engine))
        }
        #expect(results[0] == results[1])
        #expect(results[0] != results[2])
    }

    /// A (4, 3) parameter in 16×16 blocks (256 floats, 244 of them padding): decay keeps the padding
    /// zero and gives the plain layout's numbers.
    @Test func paddedLayoutsKeepPaddingZero() throws {
        let engine = try Engine(threads: 1)
        let start: [Float] = (0..<12).map { Float($0) * 0.17 - 0.9 }
        let gradients: [[Float]] = [(0..<12).map { Float($0 % 5) * 0.1 - 0.25 }, (0..<12).map { Float($0 % 4) * -0.2 + 0.3 }]
        let makers: [(() -> any Optimizer, Float)] = [({ Adam(weightDecay: 0.1) }, 0.05),
                                                      ({ Adam(epsilonPlacement: .pytorch, weightDecay: 0.1) }, 0.05),
                                                      ({ SGD(momentum: 0.9, nesterov: true, weightDecay: 0.05) }, 0.1)]
        for (make, rate) in makers {
            var results: [[Float]] = []
            for padded in [false, true] {
                var generator = SplitMix64(seed: 0)
                let parameter = Parameter(ParameterSpec(name: "w", shape: [4, 3], initializer: .zeros),
                                          engine: engine, generator: &generator)
                if padded { try parameter.adoptLayout(MemoryDesc(dims: [4, 3], tag: dnnl_AB16b16a), engine: engine) }
                #expect(parameter.value.desc.isPadded == padded)
                try parameter.value.setPlainValues(start, engine: engine)
                var optimizer = make()
                for gradient in gradients {
                    try parameter.gradient.setPlainValues(gradient, engine: engine)
                    optimizer.update([parameter], learningRate: rate)
                }
                let values = try parameter.value.plainValues(engine: engine)
                #expect(values.allSatisfy { $0 != 0 })
                #expect(parameter.value.floats.count { $0 != 0 } == 12, "padding of θ is not zero")
                for (name, slot) in optimizer.slots {
                    #expect(slot[0].count == parameter.value.floats.count)
                    #expect(slot[0].count { $0 != 0 } <= 12, "padding of \(name) is not zero")
                }
                results.append(values)
            }
            #expect(results[0] == results[1])
        }
    }
}
