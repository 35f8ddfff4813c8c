import Testing
@testable import BatchLabTuning

@Suite struct RingAllreduceTests {
    /// 4 MB over 4 machines on 10 Gbit/s (1.25e9 B/s) with 25 µs a message, by hand:
    /// 2·3/4 · 4e6 / 1.25e9 = 4.8 ms of transfer, 2·3 · 25 µs = 0.15 ms of latency.
    @Test func theRingModelByHand() {
        let ring = RingAllreduce(gigabitsPerSecond: 10, latency: 25e-6)
        #expect(abs(ring.bytesPerSecond - 1.25e9) < 1e-3 && abs(ring.gigabitsPerSecond - 10) < 1e-12)
        #expect(abs(ring.seconds(bytes: 4e6, machines: 4) - 4.95e-3) < 1e-12)
        #expect(ring.seconds(bytes: 4e6, machines: 1) == 0)
        // Towards 2 · bytes / bandwidth as N grows, plus the latency of 2(N − 1) messages.
        #expect(abs(ring.seconds(bytes: 4e6, machines: 64) - (2 * 63.0 / 64 * 3.2e-3 + 126 * 25e-6)) < 1e-12)
    }

    /// Times made by a known ring come back as that ring; with one kind of measurement the given
    /// latency is kept and the bandwidth fits; nothing to fit without two machines.
    @Test func theFitRecoversTheRingThatMadeTheTimes() throws {
        let truth = RingAllreduce(bytesPerSecond: 3e9, latency: 40e-6)
        let measurements = [(2, 1e6), (4, 1e6), (4, 8e6), (8, 4e6)].map { machines, bytes in
            RingAllreduce.Measurement(machines: machines, bytes: bytes, seconds: truth.seconds(bytes: bytes, machines: machines))
        }
        let fitted = try #require(RingAllreduce.fit(measurements, fallbackLatency: 1e-3))
        #expect(abs(fitted.bytesPerSecond / truth.bytesPerSecond - 1) < 1e-9 && abs(fitted.latency / truth.latency - 1) < 1e-9)

        let one = [RingAllreduce.Measurement(machines: 2, bytes: 4e6, seconds: truth.seconds(bytes: 4e6, machines: 2))]
        let kept = try #require(RingAllreduce.fit(one, fallbackLatency: 40e-6))
        #expect(kept.latency == 40e-6 && abs(kept.bytesPerSecond / 3e9 - 1) < 1e-9)
        #expect(RingAllreduce.fit([.init(machines: 1, bytes: 4e6, seconds: 0.1)], fallbackLatency: 0) == nil)
        // A time the latency alone exceeds leaves no bandwidth.
        #expect(RingAllreduce.fit([.init(machines: 2, bytes: 4e6, seconds: 1e-6)], fallbackLatency: 1e-3) == nil)
    }
}
