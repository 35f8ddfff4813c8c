import ArgumentParser
import BatchLabTracking
import Foundation

/// `--store`, shared by every command that reads or writes runs.
struct StoreOption: ParsableArguments {
    @Option(help: "Run store (default: $BATCHLAB_STORE, else ./batchlab-runs/runs.sqlite).") var store: String?

    var path: String { StoreLocation.resolve(flag: store) }

    func validate() throws {
        if store?.isEmpty == true { throw ValidationError("--store must name a file (got an empty path)") }
    }

    /// The store, created when missing (commands that record runs).
    func openOrCreate() throws -> SQLiteRunStore {
        try open(readOnly: false)
    }

    /// The store, which must exist: commands that only read do not create one; `readOnly` never
    /// writes or migrates it either (the dashboard).
    func openExisting(readOnly: Bool = false) throws -> SQLiteRunStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandError("--store \(path) does not exist (train a run first, or pass --store)")
        }
        return try open(readOnly: readOnly)
    }

    private func open(readOnly: Bool) throws -> SQLiteRunStore {
        do {
            return try SQLiteRunStore(path: path, readOnly: readOnly)
        } catch {
            throw CommandError("--store \(path): \(error)")
        }
    }
}
