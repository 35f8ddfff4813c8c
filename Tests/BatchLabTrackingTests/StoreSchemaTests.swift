import BatchLabConfig
import Foundation
import GRDB
import Testing
@testable import BatchLabTracking

@Suite struct StoreSchemaTests {
    /// A store as the schema before v3 left it (runs without a configuration column) opens,
    /// migrates, and reads its runs back with their recorded config and no configuration.
    @Test func aStoreOfTheSchemaBeforeConfigurationsOpensAndKeepsItsRuns() throws {
        let path = temporaryStorePath()
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        let legacy = try DatabaseQueue(path: path)
        try StoreSchema.migrator.migrate(legacy, upTo: "v2: analyses")
        let config = String(decoding: try JSONEncoder().encode(sampleConfig), as: UTF8.self)
        try legacy.write { db in
            try db.execute(sql: """
                INSERT INTO run (name, study, config, status, startedAt, host, pid, version)
                VALUES ('old', 'seed', ?, 'interrupted', ?, 'host', 1, '0.2.0')
                """, arguments: [config, Date()])
        }
        try legacy.close()

        let store = try SQLiteRunStore(path: path)
        let run = try #require(try store.runs().first)
        #expect(run.name == "old" && run.config == sampleConfig && run.configuration == nil && run.status == .interrupted)
        var configuration = RunConfiguration()
        configuration.optimizer.weightDecay = 0.01
        let id = try store.createRun(NewRun(name: "new", config: sampleConfig, configuration: configuration, version: "t"))
        #expect(try store.run(id: id)?.configuration == configuration)
    }

    /// A configuration the store cannot read (another version's) leaves the run listed, without it.
    @Test func aConfigurationTheStoreCannotReadLeavesTheRunListed() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.createRun(NewRun(name: "r", config: sampleConfig, configuration: RunConfiguration(), version: "t"))
        try store.pool.write { db in try db.execute(sql: "UPDATE run SET configuration = '{\"epochs\": \"many\"}'") }
        let run = try #require(try store.run(id: id))
        #expect(run.configuration == nil && run.configurationError?.isEmpty == false && run.config == sampleConfig)
        #expect(try store.runs().count == 1)
    }

    /// A study keeps the plan of its latest sweep.
    @Test func aStudyKeepsItsLatestSweepPlan() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        #expect(try store.sweepPlan(study: "s") == nil)
        try store.saveSweep(study: "s", plan: "{\"first\": 1}", version: "t")
        try store.saveSweep(study: "s", plan: "{\"second\": 2}", version: "t")
        #expect(try store.sweepPlan(study: "s") == "{\"second\": 2}")
    }
}
