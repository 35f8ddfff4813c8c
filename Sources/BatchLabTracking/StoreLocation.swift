import Foundation

/// Where the run store is: `--store`, else `$BATCHLAB_STORE`, else `./batchlab-runs/runs.sqlite`.
public enum StoreLocation {
    public static let defaultPath = "batchlab-runs/runs.sqlite"

    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag, !flag.isEmpty { return flag }
        if let path = environment["BATCHLAB_STORE"], !path.isEmpty { return path }
        return defaultPath
    }
}
