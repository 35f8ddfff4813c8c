import Foundation

/// Where the run store is: `--store`, else `$BATCHLAB_STORE` (when set and not empty), else
/// `./batchlab-runs/runs.sqlite`. An empty `--store` is the caller's to refuse: it is a mistake,
/// not a request for the default.
public enum StoreLocation {
    public static let defaultPath = "batchlab-runs/runs.sqlite"

    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let flag { return flag }
        if let path = environment["BATCHLAB_STORE"], !path.isEmpty { return path }
        return defaultPath
    }
}
