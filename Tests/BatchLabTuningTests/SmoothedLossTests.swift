import Testing
import BatchLabTuning

/// Tolerance: 1e-12 relative.
struct SmoothedLossTests {
    private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(abs(a), abs(b)) }

    @Test func emptyHasNoValue() {
        #expect(SmoothedLoss().value == nil)
    }

    @Test func firstValueIsTheFirstLoss() {
        var smoother = SmoothedLoss()
        #expect(close(smoother.add(2.5), 2.5))
    }

    /// β = 0.98, losses 2, 1, 4. Debiased EMA = Σ βⁿ⁻ⁱ lossᵢ / Σ βⁿ⁻ⁱ:
    /// 1: 2;  2: (0.98·2 + 1) / 1.98 = 2.96 / 1.98 = 148/99 = 1.494949…;
    /// 3: (0.9604·2 + 0.98·1 + 4) / (0.9604 + 0.98 + 1) = 6.9008 / 2.9404 = 2.3468915793769…
    @Test func threeStepsByHand() {
        var smoother = SmoothedLoss()
        let values = [2.0, 1.0, 4.0].map { smoother.add($0) }
        #expect(close(values[0], 2))
        #expect(close(values[1], 148.0 / 99))
        #expect(close(values[2], 6.9008 / 2.9404))
        #expect(smoother.count == 3)
    }

    @Test func constantLossStaysConstant() {
        var smoother = SmoothedLoss()
        for _ in 0..<50 { #expect(close(smoother.add(0.7), 0.7)) }
    }

    @Test func nanPoisonsLaterValues() {
        var smoother = SmoothedLoss()
        smoother.add(1)
        #expect(smoother.add(.nan).isNaN)
        #expect(smoother.add(1).isNaN)
    }
}
