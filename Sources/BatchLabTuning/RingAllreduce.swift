/// The time of a ring allreduce of `bytes` over N machines (Patarasuk & Yuan 2009; the cost
/// model of Horovod's and NCCL's ring, as in Thakur et al. 2005, "Optimization of Collective
/// Communication Operations in MPICH"):
///
///     T(N) = 2 (N − 1) / N · bytes / bandwidth + 2 (N − 1) · latency
///
/// — a reduce-scatter and an allgather, each N − 1 steps passing 1/N of the buffer to the next
/// machine. The time to add the received values is left out (memory-bound, far below the network).
/// T(1) = 0: one machine sums nothing.
public struct RingAllreduce: Codable, Equatable, Sendable {
    /// Bytes per second each machine sends (and receives) at once.
    public var bytesPerSecond: Double
    /// α: the fixed cost of one message, in seconds.
    public var latency: Double

    public init(bytesPerSecond: Double, latency: Double) {
        (self.bytesPerSecond, self.latency) = (bytesPerSecond, latency)
    }

    /// A network of `gigabitsPerSecond` (10⁹ bits) with `latency` seconds per message.
    public init(gigabitsPerSecond: Double, latency: Double) {
        self.init(bytesPerSecond: gigabitsPerSecond * 1e9 / 8, latency: latency)
    }

    /// Gbit/s, as networks are sold.
    public var gigabitsPerSecond: Double { bytesPerSecond * 8 / 1e9 }

    public func seconds(bytes: Double, machines: Int) -> Double {
        precondition(machines >= 1)
        let steps = 2 * Double(machines - 1)
        return steps / Double(machines) * bytes / bytesPerSecond + steps * latency
    }

    /// One measured allreduce: `seconds` for `bytes` over `machines`.
    public struct Measurement: Codable, Equatable, Sendable {
        public var machines: Int
        public var bytes: Double
        public var seconds: Double

        public init(machines: Int, bytes: Double, seconds: Double) {
            (self.machines, self.bytes, self.seconds) = (machines, bytes, seconds)
        }
    }

    /// Bandwidth and latency by least squares of T = a · x + b · y, x = 2 (N − 1) / N · bytes,
    /// y = 2 (N − 1), a = 1 / bandwidth, b = latency, each residual relative to its T (as the
    /// steps-to-target fit), over measurements with N ≥ 2. With one kind of measurement (a
    /// single N and size: x and y proportional) the latency is `fallbackLatency` and the
    /// bandwidth fits the rest. Nil when nothing fits: no measurement with N ≥ 2, or a fit
    /// without a positive bandwidth.
    public static func fit(_ measurements: [Measurement], fallbackLatency: Double) -> RingAllreduce? {
        let rows = measurements.filter { $0.machines >= 2 && $0.seconds > 0 }.map { measurement -> (x: Double, y: Double, t: Double) in
            let steps = 2 * Double(measurement.machines - 1)
            return (steps / Double(measurement.machines) * measurement.bytes, steps, measurement.seconds)
        }
        guard !rows.isEmpty else { return nil }
        // Weighted normal equations, weights 1 / T².
        var (sxx, sxy, syy, sxt, syt) = (0.0, 0.0, 0.0, 0.0, 0.0)
        for row in rows {
            let w = 1 / (row.t * row.t)
            (sxx, sxy, syy) = (sxx + w * row.x * row.x, sxy + w * row.x * row.y, syy + w * row.y * row.y)
            (sxt, syt) = (sxt + w * row.x * row.t, syt + w * row.y * row.t)
        }
        let determinant = sxx * syy - sxy * sxy
        if determinant > 1e-9 * sxx * syy {
            let a = (syy * sxt - sxy * syt) / determinant
            let b = (sxx * syt - sxy * sxt) / determinant
            if a > 0, b >= 0 { return RingAllreduce(bytesPerSecond: 1 / a, latency: b) }
        }
        // The latency fixed: a = Σ w x (t − b y) / Σ w x².
        let a = (sxt - fallbackLatency * sxy) / sxx
        return a > 0 ? RingAllreduce(bytesPerSecond: 1 / a, latency: fallbackLatency) : nil
    }
}
