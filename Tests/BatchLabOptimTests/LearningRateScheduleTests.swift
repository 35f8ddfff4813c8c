import Testing
@testable import BatchLabOptim

/// Values worked out by hand from each schedule's formula.
@Suite struct LearningRateScheduleTests {
    func close(_ a: Float, _ b: Float) -> Bool { abs(a - b) <= 1e-7 + 1e-6 * abs(b) }

    @Test func stepDecayHalvesEveryTenSteps() {
        let schedule = StepDecay(initial: 0.1, rate: 0.5, stepsPerDrop: 10)
        #expect([0, 9, 10, 25].map(schedule.learningRate(atStep:)) == [0.1, 0.1, 0.05, 0.025])
    }

    @Test func exponentialDecayIsSmooth() {
        let schedule = ExponentialDecay(initial: 1, rate: 0.5, decaySteps: 2)
        #expect(close(schedule.learningRate(atStep: 1), 0.70710677))
        #expect(close(schedule.learningRate(atStep: 4), 0.25))
    }

    @Test func cosineGoesFromLRToAlphaLR() {
        let schedule = CosineDecay(initial: 0.004, decaySteps: 100, alpha: 0.1)
        #expect(close(schedule.learningRate(atStep: 0), 0.004))
        // Half way: 0.004 · (0.1 + 0.9 · 0.5) = 0.0022.
        #expect(close(schedule.learningRate(atStep: 50), 0.0022))
        #expect(close(schedule.learningRate(atStep: 100), 0.0004))
        #expect(close(schedule.learningRate(atStep: 500), 0.0004))
    }

    @Test func warmupClimbsLinearlyToTheScaledRate() {
        // Goyal et al.: from lr to k·lr (k = 4) over the warmup steps, then the schedule.
        let schedule = LinearWarmup(start: 0.001, warmupSteps: 4, then: ConstantSchedule(0.004))
        let rates = (0...5).map(schedule.learningRate(atStep:))
        for (rate, expected) in zip(rates, [0.001, 0.00175, 0.0025, 0.00325, 0.004, 0.004] as [Float]) {
            #expect(close(rate, expected))
        }
        let thenCosine = LinearWarmup(start: 0, warmupSteps: 10, then: CosineDecay(initial: 1, decaySteps: 10))
        #expect(close(thenCosine.learningRate(atStep: 15), 0.5))
    }
}
