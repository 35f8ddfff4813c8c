import BatchLabConfig
import Foundation

/// A run as the store holds it (without its epochs).
public struct RunRecord: Equatable, Sendable, Identifiable {
    public var id: Int64
    public var name: String
    /// The study or sweep the run belongs to, if any.
    public var study: String?
    /// What report, dashboard and listings show: the settings as recorded, for every run.
    public var config: RunConfig
    /// The run's configuration, which `--resume` decodes; nil for runs recorded before the store
    /// kept it (schema v3).
    public var configuration: RunConfiguration?
    /// Why the stored configuration could not be read (written by another BatchLab version?);
    /// the run still lists, shows and reports, but does not resume.
    public var configurationError: String?
    public var status: RunStatus
    /// Why it ended, when not plainly (e.g. the divergence or the error).
    public var message: String?
    public var startedAt: Date
    public var endedAt: Date?
    /// The host and process that write it: a `running` run whose process is gone was interrupted.
    public var host: String
    public var pid: Int32
    /// Which process had the pid (`ProcessLiveness`); nil for runs recorded before the store kept it.
    public var processStart: String?
    /// How many MPI ranks train it (1: one process), and the host of each (rank 0's is `host`).
    public var ranks: Int = 1
    public var hosts: [String] = []
    /// The ranks of the MPI job that trained it, for a run of a sweep spread over a job (`batchlab
    /// sweep` under mpirun); nil otherwise.
    public var mpiRanks: [Int]?
    public var version: String

    /// The status with orphans read as `interrupted`: a `running` run whose process on this host is gone.
    public var effectiveStatus: RunStatus {
        status == .running && !ProcessLiveness.isAlive(host: host, pid: pid, started: processStart) ? .interrupted : status
    }
}

/// The process that trains a run: a `running` run whose process is gone was interrupted.
public struct RunProcess: Codable, Equatable, Sendable {
    public var host: String
    public var pid: Int32
    /// Which process had the pid (`ProcessLiveness`); nil where it cannot be told.
    public var processStart: String?

    public init(host: String, pid: Int32, processStart: String?) {
        (self.host, self.pid, self.processStart) = (host, pid, processStart)
    }

    /// This process, on this host.
    public static var current: RunProcess {
        let pid = ProcessInfo.processInfo.processIdentifier
        return RunProcess(host: ProcessInfo.processInfo.hostName, pid: pid, processStart: ProcessLiveness.startIdentity(of: pid))
    }
}

/// What a new run starts with.
public struct NewRun: Codable, Sendable {
    public var name: String
    public var study: String?
    public var config: RunConfig
    public var configuration: RunConfiguration?
    /// The process that trains it; a run's messages may reach the store from another rank.
    public var process: RunProcess
    public var version: String

    /// A run started by this process, on this host.
    public init(name: String, study: String? = nil, config: RunConfig, configuration: RunConfiguration? = nil, version: String) {
        self.name = name
        self.study = study
        self.config = config
        self.configuration = configuration
        self.process = .current
        self.version = version
    }
}

/// A run's epochs in brief, for listings.
public struct EpochSummary: Equatable, Sendable {
    public var count: Int
    /// The highest finite val_accuracy, if any.
    public var bestValAccuracy: Double?
    /// The last epoch's training loss; nil when it was not finite.
    public var lastLoss: Double?
    /// The last epoch's val_accuracy.
    public var lastValAccuracy: Double?
    /// The lowest finite val_loss.
    public var bestValLoss: Double?
    /// The epochs' seconds added up: training and validation time.
    public var seconds: Double?
    /// The last epoch's throughput.
    public var imagesPerSecond: Double?
    /// The highest peak resident memory logged, in MB.
    public var peakRSSMB: Double?

    public init(count: Int, bestValAccuracy: Double?, lastLoss: Double?, lastValAccuracy: Double? = nil, bestValLoss: Double? = nil,
                seconds: Double? = nil, imagesPerSecond: Double? = nil, peakRSSMB: Double? = nil) {
        self.count = count
        self.bestValAccuracy = bestValAccuracy
        self.lastLoss = lastLoss
        self.lastValAccuracy = lastValAccuracy
        self.bestValLoss = bestValLoss
        self.seconds = seconds
        self.imagesPerSecond = imagesPerSecond
        self.peakRSSMB = peakRSSMB
    }
}

/// The training loss at one step, and the learning rate the step trained with (nil for runs
/// recorded before the store kept it).
public struct StepLoss: Codable, Equatable, Sendable {
    public var step: Int
    public var loss: Double
    public var learningRate: Double?

    public init(step: Int, loss: Double, learningRate: Double? = nil) {
        self.step = step
        self.loss = loss
        self.learningRate = learningRate
    }
}
