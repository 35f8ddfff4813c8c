import CDNNL
import Testing
@testable import BatchLabCore

/// Each primitive's scratchpad is its own and is cleared before every run, so a primitive's
/// result depends on its inputs alone, not on what ran before it.
@Suite struct PrimitiveTests {
    /// The dense layer of seed-cnn, backward-weights: src (32, 8192), diff_dst (32, 100), diff
    /// weights (100, 8192) in the layout oneDNN picks (AB16b64a on AVX-512: 100 padded to 128).
    func denseBackwardWeights(engine: Engine) throws -> (Primitive, diffWeights: Tensor) {
        var generator = SplitMix64(seed: 9)
        func random(_ dims: [Int]) -> Tensor {
            let tensor = Tensor(plain: dims, engine: engine)
            for index in tensor.floats.indices { tensor.floats[index] = Float(generator.next() % 2001) / 1000 - 1 }
            return tensor
        }
        let (src, diffDst) = (random([32, 8192]), random([32, 100]))
        let forward = try InnerProductPrimitives.forward(src: src.desc, weights: .any([100, 8192]), bias: .plain([100]),
                                                         dst: diffDst.desc, training: true, fuseReLU: false, engine: engine)
        let descriptor = try InnerProductPrimitives.backwardWeights(
            src: src.desc, diffWeights: .any([100, 8192]), diffBias: .plain([100]), diffDst: diffDst.desc,
            hint: forward, engine: engine)
        let diffWeights = Tensor(descriptor.diffWeights, engine: engine)
        let primitive = try Primitive(descriptor, arguments: [
            DNNL_ARG_SRC: src, DNNL_ARG_DIFF_DST: diffDst, DNNL_ARG_DIFF_WEIGHTS: diffWeights,
            DNNL_ARG_DIFF_BIAS: Tensor(plain: [100], engine: engine)])
        return (primitive, diffWeights)
    }

    /// Every descriptor asks for a user-managed scratchpad, whatever the CPU (on AVX2 no kernel
    /// here needs one, so only the mode shows it).
    @Test func everyPrimitiveKeepsItsScratchpadToItself() throws {
        let engine = try Engine(threads: 1)
        let descriptors = [
            try InnerProductPrimitives.forward(src: .plain([32, 8192]), weights: .any([100, 8192]), bias: .plain([100]),
                                               dst: .plain([32, 100]), training: true, fuseReLU: true, engine: engine),
            try ConvolutionPrimitives.forward(
                src: .any([8, 3, 32, 32]), weights: .any([32, 3, 3, 3]), bias: .plain([32]), dst: .any([8, 32, 32, 32]),
                geometry: .init(strides: [1, 1], paddingLow: [1, 1], paddingHigh: [1, 1]), training: true, fuseReLU: false,
                engine: engine),
        ]
        for descriptor in descriptors {
            var attributes: const_dnnl_primitive_attr_t?
            #expect(dnnl_primitive_desc_get_attr(descriptor.raw, &attributes) == dnnl_success)
            var mode = dnnl_scratchpad_mode_library
            #expect(dnnl_primitive_attr_get_scratchpad_mode(attributes, &mode) == dnnl_success)
            #expect(mode == dnnl_scratchpad_mode_user, "\(descriptor.implementation)")
        }
    }

    @Test func aPrimitiveGetsTheScratchpadItsImplementationAsksFor() throws {
        let engine = try Engine(threads: 1)
        let before = engine.tensorBytes
        let descriptor = try InnerProductPrimitives.forward(
            src: .plain([32, 8192]), weights: .any([100, 8192]), bias: .plain([100]), dst: .plain([32, 100]),
            training: true, fuseReLU: false, engine: engine)
        let primitive = try Primitive(descriptor, arguments: [:])
        #expect(primitive.scratchpad?.byteCount ?? 0 == descriptor.scratchpad.byteCount)
        #expect(engine.tensorBytes - before == primitive.scratchpad.map(\.byteCount) ?? 0)
    }

    /// Poisons the scratchpad (and the output) with NaN between two runs on the same inputs: the
    /// second run must give the first's bytes, padding included. Where oneDNN's implementation needs no scratchpad (AVX2 kernels),
    /// there is nothing to poison, and the test says so.
    @Test func whatTheScratchpadHeldBeforeARunDoesNotChangeItsResult() throws {
        let engine = try Engine(threads: 1)
        let (primitive, diffWeights) = try denseBackwardWeights(engine: engine)
        try primitive.execute(on: engine)
        engine.wait()
        let first = diffWeights.floats.map(\.bitPattern)
        guard let scratchpad = primitive.scratchpad else {
            print("note: this CPU's inner product backward-weights uses no scratchpad; nothing to poison")
            return
        }
        scratchpad.floats.update(repeating: .nan)
        diffWeights.floats.update(repeating: .nan)
        try primitive.execute(on: engine)
        engine.wait()
        #expect(diffWeights.floats.map(\.bitPattern) == first)
        // The run started from a cleared scratchpad: none of the poison survives, even where
        // the kernel writes only part of its scratchpad (on an AVX-512 Xeon, 3,128 of 265,280
        // floats are left untouched by this primitive: without the clearing they stay NaN).
        #expect(!scratchpad.floats.contains { $0.isNaN })
    }
}
