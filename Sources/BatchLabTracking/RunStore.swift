import BatchLabTraining

/// Where runs and their logs are kept. Writes are short and independent, so several processes
/// can record runs into one store at once.
public protocol RunStore {
    /// Records a new run as `running`; returns its id.
    func createRun(_ run: NewRun) throws -> Int64
    /// Records one completed epoch (replacing an earlier record of the same epoch, as a resumed run does).
    func appendEpoch(runID: Int64, logs: EpochLogs) throws
    /// Records training losses at some steps.
    func appendStepLosses(runID: Int64, _ losses: [StepLoss]) throws
    /// Sets the run's status; a status other than `running` also sets its end time.
    func setStatus(runID: Int64, _ status: RunStatus, message: String?) throws
    /// Forgets epochs after `epoch` (a run resumed from an earlier checkpoint) and marks it running again in this process.
    func resume(runID: Int64, afterEpoch epoch: Int, pid: Int32) throws
    /// Runs, newest first, optionally of one study.
    func runs(study: String?) throws -> [RunRecord]
    func run(id: Int64) throws -> RunRecord?
    func epochs(runID: Int64) throws -> [EpochLogs]
    func stepLosses(runID: Int64) throws -> [StepLoss]
    /// Deletes a run and its logs; false when there was none.
    func deleteRun(id: Int64) throws -> Bool
}
