import Foundation

/// Files a user names — configurations, sweep files, checkpoints, data, reports — read and
/// written with a one-line reason when that cannot be done ("is a directory, not a file"),
/// never Foundation's numbered errors. Callers put the file's name (or flag) in front.
public enum UserFile {
    /// Why a file could not be read or written, without its name.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// The most a text file BatchLab reads may hold (configuration, sweep, checkpoint JSON): 4 MiB,
    /// a hundred times a 10,000-run sweep file.
    public static let textLimit = 4 << 20

    /// The bytes of `path`, at most `limit` of them. A regular file's size is checked before it
    /// is read; a pipe (`--config <(…)`) is read to its end or the limit.
    public static func read(_ path: String, limit: Int) throws(Failure) -> Data {
        guard !path.isEmpty else { throw Failure("is an empty path") }
        var status = stat()
        guard stat(path, &status) == 0 else { throw Failure(errno == ENOENT ? "does not exist" : "cannot be read: \(reason(errno))") }
        let kind = status.st_mode & S_IFMT
        if kind == S_IFDIR { throw Failure("is a directory, not a file") }
        if kind == S_IFCHR || kind == S_IFBLK || kind == S_IFSOCK { throw Failure("is a device or socket, not a file") }
        if kind == S_IFREG && Int(status.st_size) > limit {
            throw Failure("is \(Int(status.st_size).formatted()) bytes, more than the \(limit.formatted()) this kind of file may have")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure("cannot be read: \(reason(errno))") }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw Failure("cannot be read: \(reason(errno))") }
            if count == 0 { return data }
            data.append(contentsOf: buffer[..<count])
            if data.count > limit { throw Failure("is more than the \(limit.formatted()) bytes this kind of file may have") }
        }
    }

    /// The UTF-8 text of `path` (see `read`).
    public static func readText(_ path: String, limit: Int) throws(Failure) -> String {
        let data = try read(path, limit: limit)
        if let text = String(validating: data, as: UTF8.self) { return text }
        var (bytes, decoder, offset) = (data.makeIterator(), UTF8(), 0)
        while case .scalarValue(let scalar) = decoder.decode(&bytes) { offset += UTF8.width(scalar) }
        throw Failure("is not UTF-8 text (byte 0x\(String(data[offset], radix: 16, uppercase: true)) at offset \(offset))")
    }

    /// Writes `data` to `path` whole or not at all: into a temporary file beside it, renamed over
    /// it. Creates the folders above it. `durable` also flushes the file to disk before the rename
    /// and the folder after it, so a crash or power loss leaves the old file or the new one.
    public static func write(_ data: Data, to path: String, durable: Bool = false) throws(Failure) {
        guard !path.isEmpty else { throw Failure("is an empty path") }
        var status = stat()
        if stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR {
            throw Failure("is a directory; name a file in it")
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure("cannot be written: its folder \(folder.path) cannot be created")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).partial").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure("cannot be written: \(reason(errno))") }
        var written = 0
        let failure: Int32? = data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return errno }
                written += count
            }
            return nil
        }
        let flushFailure = failure == nil && durable && fsync(descriptor) != 0 ? errno : nil
        // A network filesystem may report a deferred write error only here.
        let closeFailure = close(descriptor) != 0 ? errno : nil
        if let failure = failure ?? flushFailure ?? closeFailure {
            unlink(temporary)
            throw Failure("cannot be written: \(reason(failure))")
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure("cannot be written: \(reason(code))")
        }
        if durable {
            let folderDescriptor = open(folder.path, O_RDONLY | O_CLOEXEC)
            if folderDescriptor >= 0 {
                fsync(folderDescriptor)
                close(folderDescriptor)
            }
        }
    }

    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }
}
