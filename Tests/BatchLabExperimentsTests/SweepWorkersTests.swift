import BatchLabConfig
import BatchLabTracking
import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabExperiments

/// `SweepRunner` on workers other than processes (as MPI ranks are): jobs that record into the
/// store when the runner waits, one epoch per wait, val_accuracy = their lr.
@Suite struct SweepWorkersTests {
    final class StepWorkers: SweepWorkers {
        let store: SQLiteRunStore
        let capacity = 2
        var jobs: [StepJob] = []
        private(set) var finishCalls = 0

        init(store: SQLiteRunStore) { self.store = store }

        func start(_ spec: RunSpec, configuration: RunConfiguration, waitingAt rungs: [Int], resuming record: RunRecord?) throws -> any SweepJob {
            let job = StepJob(spec: spec, rungs: Set(rungs), placement: "rank \(jobs.count + 1)")
            jobs.append(job)
            return job
        }

        func wait(seconds: Double) throws {
            for job in jobs where job.isRunning { try job.step(store) }
        }

        func finish(cleanly: Bool) throws { if cleanly { finishCalls += 1 } }
    }

    /// Trains one epoch per step unless it waits for a verdict; a run named "vanish" ends after
    /// one epoch without recording how (its rank died).
    final class StepJob: SweepJob {
        let spec: RunSpec
        let rungs: Set<Int>
        let placement: String
        private(set) var isRunning = true
        var runID: Int64?
        var epoch = 0
        var verdicts: [EpochGate.Verdict] = []

        init(spec: RunSpec, rungs: Set<Int>, placement: String) { (self.spec, self.rungs, self.placement) = (spec, rungs, placement) }

        func step(_ store: SQLiteRunStore) throws {
            let id = try runID ?? store.createRun(NewRun(name: spec.name, study: "s", config: RunConfig(recording: spec.configuration, callbacks: []),
                                                         version: "t"))
            runID = id
            if rungs.contains(epoch) {
                guard !verdicts.isEmpty else { return }
                if case .stop(let reason) = verdicts.removeFirst() {
                    try store.setStatus(runID: id, .stoppedEarly, message: reason)
                    isRunning = false
                    return
                }
            }
            epoch += 1
            var logs = EpochLogs()
            (logs["epoch"], logs["val_accuracy"]) = (Double(epoch), spec.configuration.optimizer.lr)
            try store.appendEpoch(runID: id, logs: logs)
            if spec.name == "vanish" {
                isRunning = false
            } else if epoch == spec.epochs {
                try store.setStatus(runID: id, .finished, message: nil)
                isRunning = false
            }
        }

        func send(_ verdict: EpochGate.Verdict) { verdicts.append(verdict) }
        func signal(_ signal: Int32) {}
        func record(in records: [RunRecord]) -> RunRecord? { records.first { $0.id == runID } }
        func ending() -> (status: RunStatus, message: String) { (.interrupted, "\(placement) is gone") }
    }

    @Test func verdictsReachTheJobsAndARunLeftRunningTakesItsJobsEnding() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-workers-\(UUID().uuidString)")
        let store = try SQLiteRunStore(path: directory.appendingPathComponent("runs.sqlite").path)
        let workers = StepWorkers(store: store)
        let runner = SweepRunner(workers: workers, storePath: store.path, study: "s", logDirectory: directory.appendingPathComponent("logs"))
        let specs = [("a", 0.1), ("b", 0.05), ("vanish", 0.2), ("c", 0.3)].map { spec($0, lr: $1, epochs: 4) }
        let rows = try runner.run(specs, earlyTermination: EarlyTermination(kind: .successiveHalving)) { _ in }
        // Rung 1 (η = 3): a continues, b (2nd of 2) stops; the vanished run ranked first of 3;
        // c (0.3, 1st of 4) continues. Rung 3: c above a.
        #expect(rows.map(\.status) == ["finished", "stopped-early", "interrupted", "finished"])
        #expect(rows[2].message == "rank 3 is gone" && rows.map(\.placement) == ["rank 1", "rank 2", "rank 3", "rank 4"])
        #expect(try store.runs(study: "s").count == 4 && workers.finishCalls == 1)
    }
}
