import BatchLabTracking

// MARK: - Taking up what an earlier start of the sweep left (`run(_:resuming: true)`)

extension SweepRunner {
    /// What an earlier start of this sweep left: the runs to resume and the rows of the runs that
    /// ended, after the judge has taken every recorded epoch and its verdicts are applied.
    func takeUp(_ specs: [RunSpec], judge: inout RungJudge?,
                        store: SQLiteRunStore) throws -> (resumed: [String: RunRecord], ended: [String: SweepRow]) {
        try store.markOrphansInterrupted()
        // Newest first: a name's newest run is the one to continue.
        let records = Dictionary(try store.runs(study: study).map { ($0.name, $0) }, uniquingKeysWith: { newest, _ in newest })
        var resumed: [String: RunRecord] = [:], ended: [String: SweepRow] = [:]
        for spec in specs {
            guard let record = records[spec.name] else { continue }
            switch record.status {
            case .running: throw SweepRunnerError("run '\(spec.name)' (\(record.id)) is still training, pid \(record.pid) on \(record.host)")
            case .interrupted, .failed: resumed[spec.name] = record
            default: ended[spec.name] = try row(for: record, store: store)
            }
            judge?.takeUp(spec, epochs: try store.epochs(runID: record.id),
                          stopReason: record.status == .stoppedEarly ? record.message ?? "stopped early" : nil)
        }
        for verdict in judge?.verdicts(isActive: { ended[$0] == nil }) ?? [] {
            guard case .stop(let reason) = verdict.verdict, let record = resumed.removeValue(forKey: verdict.name) else { continue }
            try store.setStatus(runID: record.id, .stoppedEarly, message: reason)
            ended[verdict.name] = try row(for: try store.run(id: record.id)!, store: store)
        }
        return (resumed, ended)
    }

    /// Whether `spec` may start now. A resumed run may have recorded a rung the judge has not
    /// decided yet (it was waiting there when the sweep stopped; its checkpoint is of that epoch,
    /// so it will not wait there again): it starts once every rung it recorded is judged, and the
    /// runs after it wait for it, so that the runs started are always the earliest trials.
    func mayStart(_ spec: RunSpec, resumed: [String: RunRecord], judge: RungJudge?) -> Bool {
        guard let judge, resumed[spec.name] != nil else { return true }
        return judge.rungs(of: spec).allSatisfy { !judge.hasRecorded(spec, epoch: $0) }
    }
}
