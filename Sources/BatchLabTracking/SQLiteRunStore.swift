import BatchLabConfig
import BatchLabTraining
import Foundation
import GRDB

/// The run store in one SQLite file, through GRDB: WAL mode (readers never block the writer),
/// a busy timeout so writers from several processes take turns, and one short transaction per
/// write, so a process killed at any moment leaves every completed epoch behind.
public final class SQLiteRunStore: RunStore, Sendable {
    public let path: String
    let pool: DatabasePool

    public var location: String { path }

    /// Opens (creating and migrating when needed) the store at `path`; `readOnly` opens an
    /// existing, up-to-date store without ever writing to it (the dashboard). Processes that open
    /// one store at the same moment create and migrate it one at a time, under an exclusive lock
    /// on `<path>.lock`: without it, one could find the file half-created ("database is locked"
    /// while switching to WAL).
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let migrator = StoreSchema.migrator
        var lock: Int32 = -1
        defer { if lock >= 0 { close(lock) } }  // Closing releases the lock.
        do {
            if !readOnly {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                lock = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
                guard lock >= 0, flock(lock, LOCK_EX) == 0 else {
                    throw StoreError.cannotOpen(path: path, reason: "cannot lock \(path).lock: \(String(cString: strerror(errno)))")
                }
            }
            var configuration = Configuration()
            configuration.busyMode = .timeout(60)
            configuration.readonly = readOnly
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw StoreError.cannotOpen(path: path, reason: "it is not a BatchLab run store (not an SQLite database, or a damaged one)")
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "SQLite error \(error.resultCode.rawValue)")
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
        if readOnly {
            guard (try? pool.read(migrator.hasCompletedMigrations)) == true else {
                throw StoreError.cannotOpen(path: path, reason: "its schema is not this BatchLab's; open it once with `batchlab runs list` to migrate it")
            }
            return
        }
        do {
            try migrator.migrate(pool)
        } catch {
            // Another process may have applied the same migration between our check and our write.
            guard (try? pool.read(migrator.hasCompletedMigrations)) == true else {
                throw StoreError.cannotOpen(path: path, reason: "\(error)")
            }
        }
    }

    public func createRun(_ run: NewRun) throws -> Int64 {
        let config = String(decoding: try JSONEncoder.sorted.encode(run.config), as: UTF8.self)
        let configuration = run.configuration.map(ConfigurationFile.json)
        return try pool.write { db in
            try db.execute(sql: """
                INSERT INTO run (name, study, config, configuration, status, startedAt, host, pid, processStart, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [run.name, run.study, config, configuration, RunStatus.running.rawValue, Date(), run.process.host,
                                 Int(run.process.pid), run.process.processStart, run.version])
            return db.lastInsertedRowID
        }
    }

    public func appendEpoch(runID: Int64, logs: EpochLogs, stepLosses: [StepLoss] = []) throws {
        guard let epoch = logs["epoch"] else { preconditionFailure("epoch logs without an epoch number") }
        try pool.write { db in
            let statement = try db.cachedStatement(sql: "INSERT OR REPLACE INTO stepLoss (runID, step, loss, learningRate) VALUES (?, ?, ?, ?)")
            for loss in stepLosses {
                try statement.execute(arguments: [runID, loss.step, loss.loss.isFinite ? loss.loss : nil,
                                                  loss.learningRate.flatMap { $0.isFinite ? $0 : nil }])
            }
            try db.execute(sql: "INSERT OR REPLACE INTO epoch (runID, epoch, logs, recordedAt) VALUES (?, ?, ?, ?)",
                           arguments: [runID, Int(epoch), logs.jsonLine(), Date()])
        }
    }

    public func setStatus(runID: Int64, _ status: RunStatus, message: String?) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE run SET status = ?, message = ?, endedAt = ? WHERE id = ?",
                           arguments: [status.rawValue, message, status.isActive ? nil : Date(), runID])
            guard db.changesCount == 1 else { throw StoreError.noSuchRun(runID) }
        }
    }

    public func resume(runID: Int64, afterEpoch epoch: Int, process: RunProcess) throws {
        try pool.write { db in
            try db.execute(sql: """
                UPDATE run SET status = ?, message = NULL, endedAt = NULL, pid = ?, processStart = ?, host = ?, mpiRanks = NULL
                WHERE id = ? AND status IN (?, ?)
                """, arguments: [RunStatus.running.rawValue, Int(process.pid), process.processStart, process.host, runID,
                                 RunStatus.interrupted.rawValue, RunStatus.failed.rawValue])
            guard db.changesCount == 1 else {
                let status = try String.fetchOne(db, sql: "SELECT status FROM run WHERE id = ?", arguments: [runID])
                throw status.map { StoreError.notResumable(runID, status: $0) } ?? StoreError.noSuchRun(runID)
            }
            try db.execute(sql: "DELETE FROM epoch WHERE runID = ? AND epoch > ?", arguments: [runID, epoch])
        }
    }

    public func setRanks(runID: Int64, hosts: [String]) throws {
        precondition(!hosts.isEmpty, "a run has at least one rank")
        let json = String(decoding: try JSONEncoder.sorted.encode(hosts), as: UTF8.self)
        try pool.write { db in
            try db.execute(sql: "UPDATE run SET ranks = ?, hosts = ? WHERE id = ?", arguments: [hosts.count, json, runID])
            guard db.changesCount == 1 else { throw StoreError.noSuchRun(runID) }
        }
    }

    /// Records which ranks of a sweep's MPI job train run `runID` (`RunRecord.mpiRanks`).
    public func setMPIRanks(runID: Int64, _ ranks: [Int]) throws {
        let json = String(decoding: try JSONEncoder.sorted.encode(ranks), as: UTF8.self)
        try pool.write { db in
            try db.execute(sql: "UPDATE run SET mpiRanks = ? WHERE id = ?", arguments: [json, runID])
            guard db.changesCount == 1 else { throw StoreError.noSuchRun(runID) }
        }
    }

    public func runs(study: String? = nil) throws -> [RunRecord] {
        try pool.read { db in
            let rows = if let study {
                try Row.fetchAll(db, sql: "SELECT * FROM run WHERE study = ? ORDER BY id DESC", arguments: [study])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id DESC")
            }
            return try rows.map(Self.record)
        }
    }

    public func run(id: Int64) throws -> RunRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(Self.record)
        }
    }

    public func epochs(runID: Int64) throws -> [EpochLogs] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT logs FROM epoch WHERE runID = ? ORDER BY epoch", arguments: [runID])
        }.map(EpochLogs.init(json:))
    }

    public func stepLosses(runID: Int64) throws -> [StepLoss] {
        try stepLosses(runIDs: [runID])[runID] ?? []
    }

    /// The epochs of several runs in one read, by run (a run without epochs is absent), each with
    /// only those of `keys` it logged with a finite value (a non-finite value is stored as null, as
    /// is a key not logged): what a chart of many runs reads, with SQLite extracting each key.
    public func epochs(runIDs: [Int64], keys: [String]) throws -> [Int64: [EpochLogs]] {
        guard !keys.isEmpty else { return [:] }
        precondition(keys.count < 900, "at most 899 keys at once")
        let paths = keys.map { "$.\"\($0.replacingOccurrences(of: "\"", with: ""))\"" }
        let columns = paths.map { _ in "json_extract(logs, ?)" }.joined(separator: ", ")
        return try pool.read { db in
            var epochs: [Int64: [EpochLogs]] = [:]
            // SQLite takes at most 999 parameters: the keys' paths and the ids.
            for chunk in runIDs.chunked(999 - paths.count) {
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT runID, \(columns) FROM epoch WHERE runID IN (\(Self.placeholders(chunk.count))) ORDER BY runID, epoch
                    """, arguments: StatementArguments(paths) + StatementArguments(Array(chunk)))
                while let row = try rows.next() {
                    epochs[row[0], default: []].append(EpochLogs(keys.indices.compactMap { index in
                        (row[index + 1] as Double?).map { (keys[index], $0) }
                    }))
                }
            }
            return epochs
        }
    }

    /// The step losses of several runs in one read, by run (a run without any is absent).
    public func stepLosses(runIDs: [Int64]) throws -> [Int64: [StepLoss]] {
        try pool.read { db in
            var losses: [Int64: [StepLoss]] = [:]
            for chunk in runIDs.chunked(999) {
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT runID, step, loss, learningRate FROM stepLoss WHERE runID IN (\(Self.placeholders(chunk.count)))
                    ORDER BY runID, step
                    """, arguments: StatementArguments(Array(chunk)))
                while let row = try rows.next() {
                    losses[row[0], default: []].append(StepLoss(step: row[1], loss: (row[2] as Double?) ?? .nan, learningRate: row[3]))
                }
            }
            return losses
        }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    public func deleteRun(id: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM run WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    /// Marks `running` runs of this host whose process is gone as `interrupted`; returns how many.
    @discardableResult
    public func markOrphansInterrupted() throws -> Int {
        let orphans = try runs().filter { $0.status == .running && $0.effectiveStatus == .interrupted }
        return try pool.write { db in
            // Only if still running in the same process: a resume may have claimed it since.
            for orphan in orphans {
                try db.execute(sql: """
                    UPDATE run SET status = ?, message = ?, endedAt = ?
                    WHERE id = ? AND status = ? AND pid = ? AND host = ? AND processStart IS ?
                    """, arguments: [RunStatus.interrupted.rawValue, "its process (pid \(orphan.pid)) ended without finishing the run",
                                     Date(), orphan.id, RunStatus.running.rawValue, Int(orphan.pid), orphan.host, orphan.processStart])
            }
            return orphans.count
        }
    }

    /// Per run with epochs: how many, the best and last val_accuracy, the best val_loss, the last
    /// loss and throughput, the seconds and the peak memory — one query over the whole store, for
    /// listings that poll. Non-finite values are stored as null, so they never win a best.
    /// `runIDs` limits it to those runs (nil: every run).
    public func epochSummaries(runIDs: [Int64]? = nil) throws -> [Int64: EpochSummary] {
        try pool.read { db in
            var summaries: [Int64: EpochSummary] = [:]
            let chunks: [ArraySlice<Int64>?] = runIDs.map { $0.chunked(999) } ?? [nil]
            for chunk in chunks {
                let selection = chunk.map { "WHERE runID IN (\(Self.placeholders($0.count)))" } ?? ""
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT summary.*, json_extract(last.logs, '$.loss') AS lastLoss,
                           json_extract(last.logs, '$.val_accuracy') AS lastValAccuracy,
                           json_extract(last.logs, '$.images_per_second') AS imagesPerSecond
                    FROM (SELECT runID, COUNT(*) AS count, MAX(epoch) AS lastEpoch,
                                 MAX(json_extract(logs, '$.val_accuracy')) AS best, MIN(json_extract(logs, '$.val_loss')) AS bestValLoss,
                                 SUM(json_extract(logs, '$.seconds')) AS seconds, MAX(json_extract(logs, '$.peak_rss_mb')) AS peak
                          FROM epoch \(selection) GROUP BY runID) AS summary
                    JOIN epoch AS last ON last.runID = summary.runID AND last.epoch = summary.lastEpoch
                    """, arguments: StatementArguments(chunk.map(Array.init) ?? []))
                while let row = try rows.next() {
                    summaries[row["runID"]] = EpochSummary(
                        count: row["count"], bestValAccuracy: row["best"], lastLoss: row["lastLoss"], lastValAccuracy: row["lastValAccuracy"],
                        bestValLoss: row["bestValLoss"], seconds: row["seconds"], imagesPerSecond: row["imagesPerSecond"], peakRSSMB: row["peak"])
                }
            }
            return summaries
        }
    }

    /// SQLite's `PRAGMA integrity_check`: "ok" for a sound file.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    private static func record(_ row: Row) throws -> RunRecord {
        let configJSON: String = row["config"]
        let configurationJSON: String? = row["configuration"]
        let statusText: String = row["status"]
        guard let status = RunStatus(rawValue: statusText) else { throw StoreError.corrupt("run status '\(statusText)'") }
        var configuration: RunConfiguration?, configurationError: String?
        do {
            configuration = try configurationJSON.map { try JSONDecoder().decode(RunConfiguration.self, from: Data($0.utf8)) }
        } catch {
            configurationError = "\(error)"
        }
        let hostsJSON: String? = row["hosts"]
        let host: String = row["host"]
        let hosts = try hostsJSON.map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? [host]
        let mpiRanksJSON: String? = row["mpiRanks"]
        return RunRecord(
            id: row["id"], name: row["name"], study: row["study"],
            config: try JSONDecoder().decode(RunConfig.self, from: Data(configJSON.utf8)), configuration: configuration,
            configurationError: configurationError,
            status: status, message: row["message"], startedAt: row["startedAt"], endedAt: row["endedAt"],
            host: host, pid: Int32(truncatingIfNeeded: row["pid"] as Int), processStart: row["processStart"],
            ranks: row["ranks"], hosts: hosts, mpiRanks: try mpiRanksJSON.map { try JSONDecoder().decode([Int].self, from: Data($0.utf8)) },
            version: row["version"])
    }
}

extension JSONEncoder {
    /// Keys sorted, so the same config always reads the same.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

private extension Array {
    /// Consecutive slices of at most `size` elements: SQLite takes at most 999 parameters in a statement.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
