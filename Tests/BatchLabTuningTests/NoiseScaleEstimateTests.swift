import Foundation
import Testing
import BatchLabTuning

struct NoiseScaleEstimateTests {
    /// B_small = 2, B_big = 8, pairs (1, 0.1) and (1.2, 0.2): means 1.1 and 0.15, so
    /// |G|² = (8 · 0.15 − 2 · 1.1) / 6 = −1/6 ≤ 0 and B_simple = +∞, as in every resample
    /// (each mixes pairs whose |G|² is (0.8 − 2)/6 or (1.6 − 2.4)/6, both negative).
    private let noiseDominated = GradientNoiseScale.estimate(
        smallBatchSize: 2, bigBatchSize: 8, measurements: [.init(small: 1, big: 0.1), .init(small: 1.2, big: 0.2)],
        resamples: 20, step: 300, epoch: 2)

    @Test func infiniteNoiseScaleIsFlagged() {
        #expect(noiseDominated.isNoiseDominated)
        #expect(noiseDominated.bootstrapMedian == .infinity)
        #expect(noiseDominated.interval68 == .init(low: .infinity, high: .infinity))
    }

    @Test func jsonWritesInfinityAsInfAndRoundTrips() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(noiseDominated)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""bSimple":"inf""#))
        #expect(text.contains(#""interval90":{"high":"inf","low":"inf"}"#))
        #expect(text.contains(#""step":300"#) && text.contains(#""epoch":2"#))
        #expect(try JSONDecoder().decode(NoiseScaleEstimate.self, from: data) == noiseDominated)
    }

    @Test func finiteEstimateRoundTripsWithoutLabels() throws {
        let estimate = GradientNoiseScale.estimate(smallBatchSize: 2, bigBatchSize: 8,
                                                   measurements: [.init(small: 2, big: 1), .init(small: 4, big: 1.5)])
        let data = try JSONEncoder().encode(estimate)
        #expect(!String(decoding: data, as: UTF8.self).contains("step"))
        #expect(try JSONDecoder().decode(NoiseScaleEstimate.self, from: data) == estimate)
        #expect(!estimate.isNoiseDominated)
    }
}
