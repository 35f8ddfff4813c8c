import Foundation
import GRDB
import Testing
@testable import BatchLabTracking

/// Analyses (lr range tests, noise scales) kept beside the runs: migration "v2: analyses".
@Suite struct SQLiteRunStoreAnalysesTests {
    /// A stand-in for an analysis's result type (the real ones live in BatchLabTuning).
    struct Result: Codable, Equatable {
        var valley: Double
        var steps: Int
    }

    private func analysis(_ kind: AnalysisKind, _ name: String, study: String? = nil, runID: Int64? = nil) throws -> NewAnalysis {
        try NewAnalysis(kind: kind, name: name, study: study, runID: runID, settings: ["--steps": "100", "--batch-size": "64"],
                        result: Result(valley: 0.003, steps: 100), version: "0.3.0")
    }

    @Test func savesAnAnalysisAndReadsEveryFieldBack() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let runID = try store.createRun(NewRun(name: "probe", study: "bs", config: sampleConfig, version: "t"))
        let before = Date()
        let id = try store.saveAnalysis(try analysis(.noiseScale, "noise bs64", study: "bs", runID: runID))
        let saved = try #require(try store.analyses().first)
        #expect(saved.id == id)
        #expect(saved.kind == .noiseScale && saved.name == "noise bs64" && saved.study == "bs" && saved.runID == runID)
        #expect(saved.settings == ["--steps": "100", "--batch-size": "64"])
        #expect(saved.version == "0.3.0")
        // Stored as a datetime (millisecond precision): between the moments before and after the call.
        let after = Date()
        #expect(saved.createdAt >= before.addingTimeInterval(-0.001) && saved.createdAt <= after.addingTimeInterval(0.001))
        // The result is JSON with sorted keys, so the same result always reads the same.
        #expect(String(decoding: saved.result, as: UTF8.self) == #"{"steps":100,"valley":0.003}"#)
        #expect(try saved.decode(Result.self) == Result(valley: 0.003, steps: 100))
    }

    @Test func aResultOfAnotherTypeIsReportedAsCorrupt() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.saveAnalysis(try analysis(.lrFind, "lr"))
        let saved = try #require(try store.analyses().first)
        struct Other: Decodable { var bSimple: Double }
        #expect {
            _ = try saved.decode(Other.self)
        } throws: { error in
            guard case .corrupt(let detail)? = error as? StoreError else { return false }
            return detail.hasPrefix("the result of lr-find analysis \(id): ")
        }
    }

    /// Four analyses, ids 1…4: lr-find s1, noise-scale s1, lr-find s2, lr-find without a study.
    @Test func filtersByStudyAndKindNewestFirst() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let a = try store.saveAnalysis(try analysis(.lrFind, "a", study: "s1"))
        let b = try store.saveAnalysis(try analysis(.noiseScale, "b", study: "s1"))
        let c = try store.saveAnalysis(try analysis(.lrFind, "c", study: "s2"))
        let d = try store.saveAnalysis(try analysis(.lrFind, "d"))
        #expect(try store.analyses().map(\.id) == [d, c, b, a])
        #expect(try store.analyses(study: "s1").map(\.name) == ["b", "a"])
        #expect(try store.analyses(kind: .lrFind).map(\.name) == ["d", "c", "a"])
        #expect(try store.analyses(study: "s1", kind: .lrFind).map(\.name) == ["a"])
        #expect(try store.analyses(study: "s2", kind: .noiseScale).isEmpty)
        #expect(try store.analyses(study: "none").isEmpty)
    }

    @Test func deletesOneAnalysisAndNothingElse() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let runID = try store.createRun(NewRun(name: "r", config: sampleConfig, version: "t"))
        let first = try store.saveAnalysis(try analysis(.lrFind, "first", runID: runID))
        let second = try store.saveAnalysis(try analysis(.lrFind, "second"))
        #expect(try store.deleteAnalysis(id: first))
        #expect(try !store.deleteAnalysis(id: first))
        #expect(try store.analyses().map(\.id) == [second])
        #expect(try store.run(id: runID) != nil)
    }

    /// `runID` references the run with ON DELETE SET NULL: the measurement outlives its run.
    @Test func deletingItsRunKeepsTheAnalysisWithoutARun() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let runID = try store.createRun(NewRun(name: "r", config: sampleConfig, version: "t"))
        let other = try store.createRun(NewRun(name: "other", config: sampleConfig, version: "t"))
        _ = try store.saveAnalysis(try analysis(.noiseScale, "of r", runID: runID))
        _ = try store.saveAnalysis(try analysis(.noiseScale, "of other", runID: other))
        #expect(try store.deleteRun(id: runID))
        let analyses = try store.analyses()
        #expect(analyses.map(\.name) == ["of other", "of r"])
        #expect(analyses.map(\.runID) == [other, nil])
    }

    /// A kind written by a newer BatchLab is left out, so it breaks no listing.
    @Test func anUnknownKindIsLeftOut() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.saveAnalysis(try analysis(.lrFind, "x"))
        let kept = try store.saveAnalysis(try analysis(.noiseScale, "y"))
        try store.pool.write { db in try db.execute(sql: "UPDATE analysis SET kind = 'bayes' WHERE id = ?", arguments: [id]) }
        #expect(try store.analyses().map(\.id) == [kept])
        #expect(try store.analysis(id: id) == nil)
        #expect(try store.analysis(id: kept)?.name == "y")
    }

    @Test func kindsAndTheNewRunStatusAreStoredAsTheirRawValues() throws {
        #expect(AnalysisKind.allCases.map(\.rawValue) == ["lr-find", "noise-scale", "test-accuracy", "scaling"])
        #expect(RunStatus.stoppedEarly.rawValue == "stopped-early" && !RunStatus.stoppedEarly.isActive)
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.createRun(NewRun(name: "r", config: sampleConfig, version: "t"))
        try store.setStatus(runID: id, .stoppedEarly, message: "ranks 3rd of 3 runs")
        let run = try #require(try store.run(id: id))
        #expect(run.status == .stoppedEarly && run.message == "ranks 3rd of 3 runs" && run.endedAt != nil)
        #expect(run.effectiveStatus == .stoppedEarly)
    }

    // MARK: - Migration

    /// A store written before analyses existed: only migration v1 applied, with one run in it.
    private func versionOneStore() throws -> (path: String, runID: Int64) {
        let path = temporaryStorePath()
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(queue, upTo: "v1: runs, epochs, step losses")
        let runID = try queue.write { db in
            try db.execute(sql: """
                INSERT INTO run (name, study, config, status, startedAt, host, pid, version)
                VALUES ('old', 'v1', ?, 'finished', ?, 'host', 1, '0.1.0')
                """, arguments: [String(decoding: try JSONEncoder().encode(sampleConfig), as: UTF8.self), Date()])
            return db.lastInsertedRowID
        }
        #expect(try queue.read { try $0.tableExists("analysis") } == false)
        try queue.close()
        return (path, runID)
    }

    @Test func aVersionOneStoreIsMigratedKeepingItsRuns() throws {
        let (path, runID) = try versionOneStore()
        let store = try SQLiteRunStore(path: path)
        #expect(try store.run(id: runID)?.name == "old")
        #expect(try store.analyses().isEmpty)
        let id = try store.saveAnalysis(try analysis(.lrFind, "after migration", runID: runID))
        #expect(try store.analyses().map(\.id) == [id])
        #expect(try store.pool.read(StoreSchema.migrator.hasCompletedMigrations))
    }

    @Test func aVersionOneStoreIsNotOpenedReadOnly() throws {
        let (path, _) = try versionOneStore()
        #expect {
            _ = try SQLiteRunStore(path: path, readOnly: true)
        } throws: { error in
            guard case .cannotOpen(_, let reason)? = error as? StoreError else { return false }
            return reason.contains("open it once with `batchlab runs list` to migrate it")
        }
    }
}
