import Testing
@testable import BatchLabCore

@Suite struct TensorTests {
    @Test func blockedRoundTripKeepsPlainValues() throws {
        let engine = try Engine(threads: 1)
        // (N, C, H, W) = (2, 3, 2, 2) in oneDNN's 8-channel blocked layout, padded to 8 channels.
        let raw = dnnlDesc(dims: [2, 3, 2, 2])
        let blocked = Tensor(MemoryDesc(raw: raw), engine: engine)
        #expect(blocked.byteCount == 2 * 8 * 2 * 2 * 4)
        let values = (0..<24).map(Float.init)
        try blocked.setPlainValues(values, engine: engine)
        #expect(try blocked.plainValues(engine: engine) == values)
        // Channel 1 of image 0, pixel 0 sits at offset 1 of the first 8-channel block.
        #expect(blocked.floats[1] == 4)
    }

    @Test func viewSharesStorage() throws {
        let engine = try Engine(threads: 1)
        let tensor = Tensor(plain: [2, 3, 2, 2], engine: engine)
        let flat = Tensor(viewing: tensor, as: .plain([2, 12]), engine: engine)
        tensor.floats[13] = 7
        #expect(flat.floats[13] == 7 && flat.dims == [2, 12])
    }

    @Test func dropoutKeepsTheExpectedFractionAndRedrawsTheSameMask() {
        let count = 100_000
        let input = [Float](repeating: 1, count: count)
        var first = [Float](repeating: 0, count: count), second = first
        let hash = CounterHash(seed: 42, step: 7)
        dropoutMask(input, &first, count: count, keepProbability: 0.75, hash: hash)
        dropoutMask(input, &second, count: count, keepProbability: 0.75, hash: hash)
        #expect(first == second)
        let kept = first.filter { $0 != 0 }
        #expect(abs(Double(kept.count) / Double(count) - 0.75) < 0.01)
        #expect(kept.allSatisfy { abs($0 - 1 / 0.75) < 1e-6 })
        var other = first
        dropoutMask(input, &other, count: count, keepProbability: 0.75, hash: CounterHash(seed: 42, step: 8))
        #expect(other != first)
    }

    @Test func splitMixIsReproducible() {
        var a = SplitMix64(seed: 3), b = SplitMix64(seed: 3)
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        #expect((0..<1000).allSatisfy { _ in (0..<1).contains(a.nextFloat(in: 0..<1)) })
    }
}

import CDNNL

func dnnlDesc(dims: [Int]) -> dnnl_memory_desc_t {
    var raw = dnnl_memory_desc_t()
    let status = dnnl_memory_desc_init_by_tag(&raw, Int32(dims.count), dims.map { dnnl_dim_t($0) }, dnnl_f32, dnnl_aBcd8b)
    precondition(status == dnnl_success)
    return raw
}
