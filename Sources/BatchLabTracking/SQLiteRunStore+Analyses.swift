import Foundation
import GRDB

extension SQLiteRunStore {
    public func saveAnalysis(_ analysis: NewAnalysis) throws -> Int64 {
        let settings = String(decoding: try JSONEncoder.sorted.encode(analysis.settings), as: UTF8.self)
        return try pool.write { db in
            try db.execute(sql: """
                INSERT INTO analysis (kind, name, study, runID, settings, result, createdAt, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [analysis.kind.rawValue, analysis.name, analysis.study, analysis.runID, settings,
                                 String(decoding: analysis.result, as: UTF8.self), Date(), analysis.version])
            return db.lastInsertedRowID
        }
    }

    public func analyses(study: String? = nil, kind: AnalysisKind? = nil) throws -> [AnalysisRecord] {
        var conditions: [String] = [], arguments: StatementArguments = []
        if let study { conditions.append("study = ?"); arguments += [study] }
        if let kind { conditions.append("kind = ?"); arguments += [kind.rawValue] }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM analysis \(filter) ORDER BY id DESC", arguments: arguments).compactMap(Self.analysis)
        }
    }

    public func analysis(id: Int64) throws -> AnalysisRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM analysis WHERE id = ?", arguments: [id]).flatMap(Self.analysis)
        }
    }

    public func analysisStudies() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT study FROM analysis WHERE study IS NOT NULL ORDER BY study") }
    }

    public func deleteAnalysis(id: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM analysis WHERE id = ?", arguments: [id])
            return db.changesCount == 1
        }
    }

    /// The record of a row; nil for a kind this version does not know.
    private static func analysis(_ row: Row) throws -> AnalysisRecord? {
        let kindText: String = row["kind"], settingsJSON: String = row["settings"], resultJSON: String = row["result"]
        guard let kind = AnalysisKind(rawValue: kindText) else { return nil }
        return AnalysisRecord(
            id: row["id"], kind: kind, name: row["name"], study: row["study"], runID: row["runID"],
            settings: try JSONDecoder().decode([String: String].self, from: Data(settingsJSON.utf8)),
            result: Data(resultJSON.utf8), createdAt: row["createdAt"], version: row["version"])
    }
}
