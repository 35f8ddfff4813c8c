import Foundation
import Testing
import BatchLabTuning

struct RangeTestMonitorTests {
    /// The rule written out plainly: the 0-based step at which fastai's LRFinder would stop.
    private func plainStopIndex(_ losses: [Double], beta: Double, factor: Double) -> Int? {
        var average = 0.0, best = Double.infinity
        for (i, loss) in losses.enumerated() {
            average = beta * average + (1 - beta) * loss
            let smoothed = average / (1 - Foundation.pow(beta, Double(i + 1)))
            best = min(best, smoothed)
            if smoothed > factor * best { return i }
        }
        return nil
    }

    private func run(_ losses: [Double], steps: Int = 100, beta: Double = 0.98) -> RangeTestMonitor {
        var monitor = RangeTestMonitor(schedule: LRRangeSchedule(steps: steps), beta: beta)
        for loss in losses where !monitor.shouldStop { monitor.record(loss: loss) }
        return monitor
    }

    /// β = 0.5, losses 4, 2, 1, 1, 8, 16, …; smoothed = avg / (1 − 0.5ⁿ):
    /// avg 2, 2, 1.5, 1.25 → smoothed 4, 2.667, 1.714, 1.333 (best; 4 × best = 5.333);
    /// loss 8: avg 4.625, smoothed 4.625 / 0.96875 = 4.774 (not > 5.333);
    /// loss 16: avg 10.3125, smoothed 10.3125 / 0.984375 = 10.476 > 5.333 → stops at index 5.
    @Test func fallThenRiseByHand() {
        let losses = [4.0, 2, 1, 1, 8, 16, 32, 64]
        let monitor = run(losses, beta: 0.5)
        #expect(monitor.stopReason == .diverged)
        #expect(monitor.step == 6)
        #expect(abs(monitor.smoothedLosses[5] - 10.3125 / 0.984375) < 1e-12)
        #expect(abs(monitor.bestSmoothedLoss - 1.25 / 0.9375) < 1e-12)
        #expect(plainStopIndex(losses, beta: 0.5, factor: 4) == 5)
    }

    /// β = 0.98: 10 losses of 1 (smoothed exactly 1, the best) then 5s. After k fives,
    /// smoothed · (1 − βⁿ) = βᵏ(1 − β¹⁰) + 5(1 − βᵏ) with n = 10 + k; it exceeds 4(1 − βⁿ) when
    /// βᵏ(4 − 3β¹⁰) < 1, i.e. βᵏ < 1 / (4 − 3 · 0.8170728) = 0.645674, k > 21.66: the 22nd five,
    /// index 31.
    @Test func flatThenRiseWithFastaiDefaults() {
        let losses = Array(repeating: 1.0, count: 10) + Array(repeating: 5.0, count: 60)
        let monitor = run(losses)
        #expect(monitor.stopReason == .diverged)
        #expect(monitor.step == 32)
        #expect(plainStopIndex(losses, beta: 0.98, factor: 4) == 31)
    }

    /// A noisy fall-then-rise, against the plain loop (and the same loop in Python: index 85).
    @Test func noisyCurveMatchesThePlainRule() {
        let losses = (0..<100).map { i -> Double in
            let x = Double(i) / 99
            return 2.3 - 1.8 * x + 40 * x * x * x * x + 0.3 * sin(Double(i) * 1.7)
        }
        let expected = plainStopIndex(losses, beta: 0.98, factor: 4)!
        let monitor = run(losses)
        #expect(monitor.step == expected + 1)
        #expect(monitor.stopReason == .diverged)
        #expect(expected == 85)
    }

    @Test func nanStopsAtOnce() {
        let monitor = run([.nan, 1, 1])
        #expect(monitor.stopReason == .nonFiniteLoss)
        #expect(monitor.step == 1)
        let later = run([2, 1.5, .infinity, 1])
        #expect(later.stopReason == .nonFiniteLoss)
        #expect(later.step == 3)
    }

    @Test func completesAfterAllSteps() {
        var monitor = RangeTestMonitor(schedule: LRRangeSchedule(steps: 10))
        for i in 0..<10 {
            #expect(!monitor.shouldStop)
            #expect(monitor.nextLearningRate == monitor.schedule.learningRate(at: i))
            monitor.record(loss: 1)
        }
        #expect(monitor.stopReason == .completed)
        #expect(monitor.learningRates == monitor.schedule.learningRates)
        #expect(monitor.losses == Array(repeating: 1, count: 10))
    }

    @Test func divergenceRuleCanBeOff() {
        var monitor = RangeTestMonitor(schedule: LRRangeSchedule(steps: 5), divergenceFactor: nil)
        for loss in [1.0, 100, 1000, 10000, 1e5] { monitor.record(loss: loss) }
        #expect(monitor.stopReason == .completed)
    }
}
