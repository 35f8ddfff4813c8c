import Foundation
import GRDB

extension SQLiteRunStore {
    /// Keeps what a sweep trains (its plan, as JSON) under its study name, so that
    /// `batchlab sweep --resume STUDY` can continue it. A study that runs several sweeps one after
    /// another (`study recommend`) keeps its latest: the one an interruption can have left unfinished.
    public func saveSweep(study: String, plan: String, version: String) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO sweep (study, plan, createdAt, version) VALUES (?, ?, ?, ?)",
                           arguments: [study, plan, Date(), version])
        }
    }

    /// The plan saved for `study`, or nil (not a sweep, or one started before plans were kept).
    public func sweepPlan(study: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT plan FROM sweep WHERE study = ?", arguments: [study]) }
    }
}
