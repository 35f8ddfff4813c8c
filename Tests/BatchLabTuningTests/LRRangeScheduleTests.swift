import Foundation
import Testing
import BatchLabTuning

/// Tolerance: 1e-12 relative (a handful of roundings in pow and a product).
struct LRRangeScheduleTests {
    private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(abs(a), abs(b)) }

    @Test func defaultsAreFastais() {
        let schedule = LRRangeSchedule()
        #expect(schedule.startLR == 1e-7 && schedule.endLR == 10 && schedule.steps == 100)
    }

    @Test func endpointsAreStartAndEnd() {
        let schedule = LRRangeSchedule()
        #expect(close(schedule.learningRate(at: 0), 1e-7))
        #expect(close(schedule.learningRate(at: 99), 10))
    }

    /// 1e-7 → 10 over 100 steps multiplies by (1e8)^(1/99) = 10^(8/99) each step.
    @Test func ratioIsConstantAndRatesRise() {
        let rates = LRRangeSchedule().learningRates
        #expect(rates.count == 100)
        let ratio = Foundation.pow(10, 8.0 / 99)
        for i in 1..<rates.count {
            #expect(close(rates[i] / rates[i - 1], ratio))
            #expect(rates[i] > rates[i - 1])
        }
    }

    /// 1e-3 → 1 over 4 steps: 1e-3, 1e-2, 1e-1, 1 (ratio 10).
    @Test func shortScheduleByHand() {
        let schedule = LRRangeSchedule(startLR: 1e-3, endLR: 1, steps: 4)
        let expected = [1e-3, 1e-2, 1e-1, 1]
        for (rate, want) in zip(schedule.learningRates, expected) { #expect(close(rate, want)) }
    }
}
