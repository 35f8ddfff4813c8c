import Foundation

/// What a sweep trains, kept in the store when it starts so that `sweep --resume` continues the
/// same runs with the same early termination: the runs in trial order, each with its
/// configuration, and how they were run.
public struct SweepPlan: Codable, Equatable, Sendable {
    public var runs: [RunSpec]
    public var earlyTermination: EarlyTermination?
    /// Runs at once and threads per run.
    public var parallel: Int
    public var threadsPerRun: Int
    /// The data folder of the runs that name none.
    public var dataFolder: String?

    public init(runs: [RunSpec], earlyTermination: EarlyTermination?, parallel: Int, threadsPerRun: Int, dataFolder: String? = nil) {
        (self.runs, self.earlyTermination, self.parallel) = (runs, earlyTermination, parallel)
        (self.threadsPerRun, self.dataFolder) = (threadsPerRun, dataFolder)
    }

    /// The plan as the store keeps it.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    public init(json: String) throws {
        self = try JSONDecoder().decode(SweepPlan.self, from: Data(json.utf8))
    }
}
