import Foundation

/// The folder an export writes: it must not exist or be empty; the export is built in a hidden
/// folder beside it and moved into place once complete, so an error leaves nothing half-written.
enum ExportFolder {
    static func build(at directory: URL, _ write: (_ staging: URL, _ final: URL) throws -> Void) throws {
        let target = directory.standardizedFileURL
        let manager = FileManager.default
        if manager.fileExists(atPath: target.path) {
            guard (try? manager.contentsOfDirectory(atPath: target.path).isEmpty) == true else {
                throw ExportError("\(target.path) exists and is not an empty folder; give a new one")
            }
        }
        let parent = target.deletingLastPathComponent()
        try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: staging) }
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        try write(staging, target)
        if manager.fileExists(atPath: target.path) { try manager.removeItem(at: target) }
        try manager.moveItem(at: staging, to: target)
    }

    /// A name as a file name and a tool's key: letters, digits, `_ - . ` and space kept, the
    /// rest `_`; never empty, `.` or `..`.
    static func safeName(_ name: String) -> String {
        let kept = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "_-. ".contains($0)) ? $0 : "_" })
        return kept.isEmpty || kept.allSatisfy({ $0 == "." }) ? "_" + kept : kept
    }
}

/// An export that cannot be written, said in one line.
public struct ExportError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
