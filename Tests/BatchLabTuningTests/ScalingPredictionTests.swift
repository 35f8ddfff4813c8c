import Testing
@testable import BatchLabTuning

@Suite struct ScalingPredictionTests {
    /// Compute halves with the per-machine batch down to 64 examples, then stays at 12 ms
    /// (a small batch cannot use the machine): 100, 50, 25, 12.5, 12, 12, 12 ms at 512…8.
    let compute: [Int: Double] = [512: 0.1, 256: 0.05, 128: 0.025, 64: 0.0125, 32: 0.012, 16: 0.012, 8: 0.012]
    let machines = [1, 2, 4, 8, 16, 32, 64]

    func prediction(gigabits: Double, stepsToTarget: Double? = nil) -> ScalingPrediction {
        ScalingPrediction(model: "seed-cnn", batchSize: 512, threadsPerMachine: 2, gradientBytes: 4e6, compute: compute,
                          networks: [.init(name: "\(gigabits) Gbit/s", allreduce: RingAllreduce(gigabitsPerSecond: gigabits, latency: 25e-6))],
                          machines: machines, stepsToTarget: stepsToTarget, target: stepsToTarget.map { _ in 0.5 })
    }

    @Test func eachMachineCountNeedsItsShareOfTheBatch() {
        #expect(ScalingPrediction.perMachineBatches(batchSize: 512, machines: machines) == [8, 16, 32, 64, 128, 256, 512])
        #expect(ScalingPrediction.perMachineBatches(batchSize: 100, machines: [3, 7]) == [15, 34, 100])
    }

    /// The step is compute plus the ring; the speedup and efficiency are against one machine;
    /// the time is S(B) steps, or an epoch of ⌈50,000 / 512⌉ = 98 steps.
    @Test func rowsAddComputeAndTheRing() throws {
        let fast = prediction(gigabits: 100, stepsToTarget: 2_000)
        let four = try #require(fast.rows.first { $0.machines == 4 })
        let ring = RingAllreduce(gigabitsPerSecond: 100, latency: 25e-6).seconds(bytes: 4e6, machines: 4)
        #expect(four.perMachineBatch == 128 && four.computeSeconds == 0.025 && abs(four.stepSeconds - (0.025 + ring)) < 1e-15)
        #expect(abs(four.speedup - 0.1 / four.stepSeconds) < 1e-12 && abs(four.efficiency - four.speedup / 4) < 1e-12)
        #expect(abs(four.seconds - 2_000 * four.stepSeconds) < 1e-9)
        #expect(prediction(gigabits: 100).epochSteps == 98 && abs(prediction(gigabits: 100).rows[0].seconds - 9.8) < 1e-12)
    }

    /// On 100 Gbit/s (0.7 ms of ring at 8 machines) compute keeps halving to 8 machines; 16
    /// save less than 10 % (12 ms of compute either way). On 1 Gbit/s (1.25e8 B/s, 32 ms for the
    /// 4 MB) the ring takes 1/2, 3/4, 7/8, 15/16 of 2 · 32 ms plus 2(N − 1) · 25 µs at 2, 4, 8,
    /// 16 machines: steps of 100, 82.05, 73.15, 68.85, 72.75 ms from 1 to 16 machines. 4 → 8
    /// saves 5.9 %: worth 4 (1.37×, 34 %; an epoch of 98 steps in 7.17 s); the fastest is 8.
    @Test func addingMachinesStopsPayingWhereTheRingOutgrowsTheSaving() {
        let fast = prediction(gigabits: 100).verdict(network: "100.0 Gbit/s")
        #expect(fast.worthIt.machines == 8 && fast.next?.machines == 16)
        let slow = prediction(gigabits: 1)
        let verdict = slow.verdict(network: "1.0 Gbit/s")
        #expect(verdict.worthIt.machines == 4 && verdict.next?.machines == 8 && verdict.fastest.machines == 8)
        #expect(slow.sentence(network: "1.0 Gbit/s") == "1.0 Gbit/s: batch 512 is worth 4 machines — 73.1 ms a step, an epoch in 7.2 s, "
                + "1.4× one machine (34 % efficiency); 8 would save less than 10 % more (68.9 ms, allreduce 56.4 ms of it); "
                + "the fastest, 8, takes 68.9 ms; beyond 8 machines steps get slower.")
    }
}

extension ScalingPredictionTests {
    /// Ranks of one 2-core host, 1 thread each: 4 ranks share the cores, so their compute takes
    /// twice as long; up to 2 ranks it is as measured.
    @Test func ranksOfOneHostShareItsCores() throws {
        let host = ScalingPrediction(model: "seed-cnn", batchSize: 512, threadsPerMachine: 1, gradientBytes: 4e6, compute: compute,
                                     networks: [.init(name: "loopback", allreduce: RingAllreduce(bytesPerSecond: 1e10, latency: 0), sharedCores: 2)],
                                     machines: [1, 2, 4])
        #expect(host.rows.map(\.computeSeconds) == [0.1, 0.05, 0.05])
    }
}
