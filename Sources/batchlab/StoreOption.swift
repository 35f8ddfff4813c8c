import ArgumentParser
import BatchLabTracking
import Foundation

/// `--store`, shared by every command that reads or writes runs.
struct StoreOption: ParsableArguments {
    @Option(help: "Run store (default: $BATCHLAB_STORE, else ./batchlab-runs/runs.sqlite).") var store: String?

    var path: String { StoreLocation.resolve(flag: store) }

    /// The store, created when missing (commands that record runs).
    func openOrCreate() throws -> SQLiteRunStore {
        do {
            return try SQLiteRunStore(path: path)
        } catch {
            throw CommandError("--store \(path): \(error)")
        }
    }

    /// The store, which must exist: commands that only read do not create one.
    func openExisting() throws -> SQLiteRunStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandError("--store \(path) does not exist (train a run first, or pass --store)")
        }
        return try openOrCreate()
    }
}
