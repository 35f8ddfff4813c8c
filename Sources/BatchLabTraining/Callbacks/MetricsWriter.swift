import Foundation

/// Appends each epoch's logs to a JSON Lines file (`--metrics-out`), flushed per line so a run
/// that is stopped keeps every completed epoch.
public struct MetricsWriter: Callback {
    private let handle: FileHandle

    /// Opens `url` for appending, creating it if needed.
    public init(url: URL) throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
    }

    public mutating func onEpochEnd(_ logs: inout EpochLogs, state: inout TrainingState) {
        handle.write(Data((logs.jsonLine() + "\n").utf8))
    }

    public mutating func onTrainEnd(state: inout TrainingState) {
        try? handle.close()
    }
}
