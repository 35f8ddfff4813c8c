import Foundation

/// Where CIFAR-10 is looked for: `--data DIR`, else `$BATCHLAB_DATA`, else
/// `~/.cache/batchlab/cifar-10-batches-bin`.
public enum DataDirectory {
    public static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let flag { return URL(fileURLWithPath: flag) }
        if let path = environment["BATCHLAB_DATA"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return defaultDirectory(home: environment["HOME"])
    }

    public static func defaultDirectory(home: String?) -> URL {
        let home = home.map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".cache/batchlab/cifar-10-batches-bin")
    }
}
