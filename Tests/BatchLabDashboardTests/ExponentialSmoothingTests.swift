import Testing
@testable import BatchLabDashboard

@Suite struct ExponentialSmoothingTests {
    @Test func debiasedMovingAverageByHand() {
        // weight 0.5: m = 0.5·0 + 0.5·4 = 2 → 2/(1−0.5) = 4; m = 0.5·2 + 0.5·2 = 2 → 2/(1−0.25) = 2.6667;
        // m = 0.5·2 + 0.5·8 = 5 → 5/(1−0.125) = 5.7143.
        let smoothed = exponentiallySmoothed([4, 2, 8], weight: 0.5)
        for (value, expected) in zip(smoothed, [4, 2.666_666_7, 5.714_285_7]) { #expect(abs(value - expected) < 1e-6) }
        #expect(exponentiallySmoothed([4, 2, 8], weight: 0) == [4, 2, 8])
    }

    @Test func nonFiniteValuesPassThrough() {
        let smoothed = exponentiallySmoothed([1, .nan, 3], weight: 0.5)
        #expect(smoothed[0] == 1 && smoothed[1].isNaN && abs(smoothed[2] - 2.333_333_3) < 1e-6)
    }
}
