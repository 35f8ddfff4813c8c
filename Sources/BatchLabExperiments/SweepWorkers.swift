import BatchLabConfig
import BatchLabTracking
import BatchLabTraining

/// Where a sweep's runs train, for `SweepRunner`: a `batchlab train` process per run on this
/// machine (`ProcessWorkers`), or the ranks of an MPI job (`RankWorkers`). The runner decides
/// what starts when and judges the rungs; the workers start runs, pass verdicts on, and get every
/// record a run makes into the store before saying it has ended.
public protocol SweepWorkers: AnyObject {
    /// How many runs train at once.
    var capacity: Int { get }
    /// Starts `spec`'s run with `configuration`, waiting after each of `rungs` for a verdict;
    /// with `record`, continues that interrupted or failed run from its checkpoint instead. An
    /// error is the run's (it is recorded as failed to start) unless it is a `SweepWorkersError`,
    /// which ends the sweep.
    func start(_ spec: RunSpec, configuration: RunConfiguration, waitingAt rungs: [Int], resuming record: RunRecord?) throws -> any SweepJob
    /// Returns after about `seconds`, the runs' records taken in meanwhile where they come as messages.
    func wait(seconds: Double) throws
    /// Ends the workers: `cleanly` once no run is left; otherwise the sweep stops on an error, and
    /// runs still going are stopped and waited for where that can be done (processes), or left
    /// to the caller, who ends the whole MPI job.
    func finish(cleanly: Bool) throws
}

/// Workers that can no longer run the sweep (a message between ranks that cannot be read or
/// sent), said in one line: the sweep ends with it.
public struct SweepWorkersError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// One run a sweep's workers train.
public protocol SweepJob: AnyObject {
    var spec: RunSpec { get }
    /// Whether its run may still record (started and not yet known to have ended).
    var isRunning: Bool { get }
    /// Where it trains, for the table and messages: `pid 4242`, `rank 2 on node-1`.
    var placement: String { get }
    /// Passes the verdict at its next rung on; a run that has ended meanwhile takes none.
    func send(_ verdict: EpochGate.Verdict)
    /// Passes a stop signal on (Ctrl-C, a job scheduler's SIGTERM): the run stops after its step.
    func signal(_ signal: Int32)
    /// Its run among `records`, once it has created it.
    func record(in records: [RunRecord]) -> RunRecord?
    /// How its run ended, once it has: for a run it left `running`, or never recorded.
    func ending() -> (status: RunStatus, message: String)
}
