import BatchLabTraining

/// What a training run writes about itself while it trains: the part of a store a run needs,
/// which a store on another MPI rank can provide by forwarding (`RankJournal`).
public protocol RunJournal {
    /// Where the records go, for messages (a file path, or the rank that holds the store).
    var location: String { get }
    /// Records a new run as `running`; returns its id.
    func createRun(_ run: NewRun) throws -> Int64
    /// Records one completed epoch and the step losses logged during it, in one transaction
    /// (replacing an earlier record of the same epoch, as a resumed run does).
    func appendEpoch(runID: Int64, logs: EpochLogs, stepLosses: [StepLoss]) throws
    /// Sets the run's status; a status other than `running` also sets its end time.
    func setStatus(runID: Int64, _ status: RunStatus, message: String?) throws
    /// Claims an `interrupted` or `failed` run for `process`: marks it running there and forgets
    /// its epochs after `epoch` (the checkpoint it resumes from). Atomic: of two processes
    /// resuming one run, one gets `StoreError.notResumable`.
    func resume(runID: Int64, afterEpoch epoch: Int, process: RunProcess) throws
    /// Records that the run trains on `hosts.count` MPI ranks, rank r on `hosts[r]`.
    func setRanks(runID: Int64, hosts: [String]) throws
}

/// Where runs and their logs are kept. Writes are short and independent, so several processes
/// can record runs into one store at once.
public protocol RunStore: RunJournal {
    /// Runs, newest first, optionally of one study.
    func runs(study: String?) throws -> [RunRecord]
    /// One run, or nil.
    func run(id: Int64) throws -> RunRecord?
    /// A run's epoch logs, in epoch order.
    func epochs(runID: Int64) throws -> [EpochLogs]
    /// A run's recorded step losses, in step order.
    func stepLosses(runID: Int64) throws -> [StepLoss]
    /// Deletes a run and its logs; false when there was none.
    func deleteRun(id: Int64) throws -> Bool
    /// Saves an analysis (lr range test, noise scale); returns its id.
    func saveAnalysis(_ analysis: NewAnalysis) throws -> Int64
    /// Analyses, newest first, optionally of one study and one kind (kinds this version does not
    /// know, written by a newer one, are left out).
    func analyses(study: String?, kind: AnalysisKind?) throws -> [AnalysisRecord]
    /// One analysis, or nil.
    func analysis(id: Int64) throws -> AnalysisRecord?
    /// The studies analyses belong to.
    func analysisStudies() throws -> [String]
    /// Deletes an analysis; false when there was none.
    func deleteAnalysis(id: Int64) throws -> Bool
}
