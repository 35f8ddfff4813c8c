import Foundation
import Testing
import BatchLabTuning

struct LRRangeTestResultTests {
    /// 20 strictly falling raw losses (so the smoothed ones fall strictly too: each is an average
    /// of the previous one and a smaller loss), then NaN, with `steps` = 30. fastai would train on
    /// to 30 steps with NaN and window indices 3…24, cut at the NaN: 3…19, 17 falling points.
    /// valley: end = 16, start = −1, sections = 17/3, index = −1 + 5 + 2 = 6 → recorded 9.
    /// (Without the padding the window would end 5 points before the NaN, at 15, giving 8.)
    @Test func nanRecordSuggestsAsFastai() {
        var monitor = RangeTestMonitor(schedule: LRRangeSchedule(steps: 30))
        for i in 0..<20 { monitor.record(loss: 10 - 0.1 * Double(i)) }
        monitor.record(loss: .nan)
        let result = monitor.result(batchSize: 128)
        #expect(result.stopReason == .nonFiniteLoss && result.stoppedEarly)
        #expect(result.losses.count == 21)
        #expect(result.suggestions.valley?.learningRate == monitor.schedule.learningRate(at: 9))
    }

    @Test func completedRunKeepsItsSettings() {
        var monitor = RangeTestMonitor(schedule: LRRangeSchedule(startLR: 1e-5, endLR: 1, steps: 40), divergenceFactor: 5, beta: 0.9)
        for i in 0..<40 { monitor.record(loss: 2 - 0.02 * Double(i)) }
        let result = monitor.result(batchSize: 64)
        #expect(!result.stoppedEarly && result.stopReason == .completed)
        #expect(result.schedule == monitor.schedule)
        #expect(result.divergenceFactor == 5 && result.beta == 0.9 && result.batchSize == 64)
        #expect(result.learningRates == monitor.schedule.learningRates)
        #expect(result.smoothedLosses == monitor.smoothedLosses)
    }

    @Test func jsonRoundTripWithNaNAndInfinity() throws {
        var monitor = RangeTestMonitor(schedule: LRRangeSchedule(steps: 30))
        for i in 0..<20 { monitor.record(loss: 3 - 0.1 * Double(i)) }
        monitor.record(loss: .infinity)
        let result = monitor.result(batchSize: 32)
        #expect(result.losses.last == .infinity)
        let data = try JSONEncoder().encode(result)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"inf\""))
        #expect(try JSONDecoder().decode(LRRangeTestResult.self, from: data) == result)
    }
}
