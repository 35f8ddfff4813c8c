import Foundation

/// How many machines a batch size is worth: the predicted time of one data-parallel step, and to
/// a target accuracy, against the number of machines N that share the global batch B, for each
/// network given (the usual cost model of data-parallel training; e.g. Sergeev & Del Balso 2018,
/// "Horovod", §3):
///
///     step(N) = compute(⌈B / N⌉) + allreduce(N),   allreduce: `RingAllreduce`
///
/// compute(b) is the step time measured on this machine at b examples (forward, backward and
/// the optimizer step; the gradient sum is the allreduce). The global batch fixes the steps to a
/// target, S(B) = S_min (1 + B_noise / B) (`StepsToTargetModel`), whatever N is, so the time to
/// the target is S(B) · step(N); without S(B), the time of an epoch is given instead.
///
/// Adding machines pays while each step to the next count in `machines` cuts the step time by at
/// least `worthwhileSaving` (10 %): compute shrinks as 1/N but the allreduce grows towards
/// 2 · bytes / bandwidth, and its latency term with N.
public struct ScalingPrediction: Codable, Equatable, Sendable {
    /// The step time measured at one per-machine batch size.
    public struct ComputePoint: Codable, Equatable, Sendable {
        public var batchSize: Int
        public var seconds: Double

        public init(batchSize: Int, seconds: Double) { (self.batchSize, self.seconds) = (batchSize, seconds) }
    }

    /// A network the machines would talk over.
    public struct Network: Codable, Equatable, Sendable {
        /// "10 Gbit/s", or "this host (loopback)".
        public var name: String
        public var allreduce: RingAllreduce
        /// For ranks of one host (the loopback): its cores, which N ranks of `threadsPerMachine`
        /// threads share; their compute takes N · threads / cores times longer once they exceed
        /// them. Nil: one machine per rank.
        public var sharedCores: Int?

        public init(name: String, allreduce: RingAllreduce, sharedCores: Int? = nil) {
            (self.name, self.allreduce, self.sharedCores) = (name, allreduce, sharedCores)
        }
    }

    /// One prediction.
    public struct Row: Codable, Equatable, Sendable {
        public var network: String
        public var machines: Int
        /// ⌈B / N⌉: the largest share, which every machine waits for.
        public var perMachineBatch: Int
        public var computeSeconds: Double
        public var allreduceSeconds: Double
        public var stepSeconds: Double
        /// step(1) / step(N) on the same network, and that over N.
        public var speedup: Double
        public var efficiency: Double
        /// S(B) · step(N), or the epoch's steps · step(N) without S(B).
        public var seconds: Double
    }

    public var model: String
    public var batchSize: Int
    public var threadsPerMachine: Int
    /// The fused gradient buffer each step sums (fp32).
    public var gradientBytes: Double
    public var compute: [ComputePoint]
    public var networks: [Network]
    /// The machine counts predicted, ascending.
    public var machines: [Int]
    /// S(B) at `batchSize` and the validation accuracy it reaches, with where they come from; nil:
    /// `seconds` is the time of an epoch of `epochSteps` steps.
    public var stepsToTarget: Double?
    public var target: Double?
    public var stepsSource: String?
    public var epochSteps: Int
    public var rows: [Row]

    /// The share of the step time a further machine count must save to be worth it.
    public static let worthwhileSaving = 0.1

    /// `compute` must hold a time for ⌈B / N⌉ of every N in `machines` (each N ≤ B).
    public init(model: String, batchSize: Int, threadsPerMachine: Int, gradientBytes: Double, compute: [Int: Double],
                networks: [Network], machines: [Int], stepsToTarget: Double? = nil, target: Double? = nil, stepsSource: String? = nil,
                trainingImages: Int = 50_000) {
        precondition(!machines.isEmpty && machines.allSatisfy { 1...batchSize ~= $0 })
        (self.model, self.batchSize, self.threadsPerMachine, self.gradientBytes) = (model, batchSize, threadsPerMachine, gradientBytes)
        self.compute = compute.keys.sorted().map { ComputePoint(batchSize: $0, seconds: compute[$0]!) }
        (self.networks, self.machines) = (networks, machines.sorted())
        (self.stepsToTarget, self.target, self.stepsSource) = (stepsToTarget, target, stepsSource)
        let epochSteps = (trainingImages + batchSize - 1) / batchSize
        self.epochSteps = epochSteps
        let counts = machines.sorted()
        rows = networks.flatMap { network in
            let sharing = { (count: Int) in network.sharedCores.map { max(1, Double(count * threadsPerMachine) / Double($0)) } ?? 1 }
            // One machine on this network: the whole batch, no allreduce.
            let single = compute[batchSize]! * sharing(1)
            return counts.map { count in
                let share = (batchSize + count - 1) / count
                let computeSeconds = compute[share]! * sharing(count)
                let allreduce = network.allreduce.seconds(bytes: gradientBytes, machines: count)
                let step = computeSeconds + allreduce
                return Row(network: network.name, machines: count, perMachineBatch: share, computeSeconds: computeSeconds,
                           allreduceSeconds: allreduce, stepSeconds: step, speedup: single / step, efficiency: single / step / Double(count),
                           seconds: (stepsToTarget ?? Double(epochSteps)) * step)
            }
        }
    }

    /// The per-machine batch sizes whose compute time a prediction for `machines` needs.
    public static func perMachineBatches(batchSize: Int, machines: [Int]) -> [Int] {
        Set(machines.map { (batchSize + $0 - 1) / $0 } + [batchSize]).sorted()
    }

    public func rows(network: String) -> [Row] { rows.filter { $0.network == network } }

    /// On `network`: the machine count up to which adding machines pays (each next count saves
    /// at least `worthwhileSaving` of the step time), the next count (which does not pay; nil
    /// when every count pays), and the fastest count.
    public func verdict(network: String) -> (worthIt: Row, next: Row?, fastest: Row) {
        let rows = rows(network: network)
        var worthIt = rows[0], next: Row?
        for row in rows.dropFirst() {
            guard row.stepSeconds <= (1 - Self.worthwhileSaving) * worthIt.stepSeconds else {
                next = row
                break
            }
            worthIt = row
        }
        return (worthIt, next, rows.min { $0.stepSeconds < $1.stepSeconds }!)
    }

    /// Where adding machines stops paying on `network`, in one sentence.
    public func sentence(network: String) -> String {
        let (worthIt, next, fastest) = verdict(network: network)
        let what = stepsToTarget == nil ? "an epoch in" : target.map { "val_accuracy \(Self.format($0)) in" } ?? "the target in"
        var text = "\(network): batch \(batchSize) is worth \(worthIt.machines) machine\(worthIt.machines == 1 ? "" : "s")"
            + " — \(Self.milliseconds(worthIt.stepSeconds)) a step, \(what) \(Self.duration(worthIt.seconds))"
            + (worthIt.machines > 1 ? ", \(String(format: "%.1f", worthIt.speedup))× one machine (\(Int((worthIt.efficiency * 100).rounded())) % efficiency)" : "")
        if let next {
            text += "; \(next.machines) would save less than \(Int(Self.worthwhileSaving * 100)) % more"
                + " (\(Self.milliseconds(next.stepSeconds)), allreduce \(Self.milliseconds(next.allreduceSeconds)) of it)"
        } else {
            text += "; every count up to \(worthIt.machines) pays"
        }
        if fastest.machines != worthIt.machines {
            text += "; the fastest, \(fastest.machines), takes \(Self.milliseconds(fastest.stepSeconds))"
        }
        if let last = rows(network: network).last, last.machines > fastest.machines {
            text += "; beyond \(fastest.machines) machines steps get slower"
        }
        return text + "."
    }

    public static func milliseconds(_ seconds: Double) -> String {
        seconds < 0.01 ? String(format: "%.2f ms", seconds * 1000) : String(format: "%.1f ms", seconds * 1000)
    }

    public static func duration(_ seconds: Double) -> String {
        seconds < 120 ? String(format: "%.1f s", seconds) : seconds < 7200 ? String(format: "%.1f min", seconds / 60)
            : String(format: "%.1f h", seconds / 3600)
    }

    static func format(_ value: Double) -> String {
        String(format: "%g", value)
    }
}
