import BatchLabCore
import Crypto
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches the official CIFAR-10 binary archive, checks its MD5 and unpacks it atomically:
/// into a temporary folder beside the destination, verified, then renamed into place.
public struct CIFAR10Download {
    public static let officialURL = URL(string: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")!
    public static let officialMD5 = "c32a1d4ab5d03f1284b67883e8d87530"
    /// The folder the archive holds.
    static let archiveFolder = "cifar-10-batches-bin"

    public var url: URL
    public var md5: String

    public init(url: URL = officialURL, md5: String = officialMD5) {
        self.url = url
        self.md5 = md5
    }

    /// Downloads into `destination` (which must not exist yet). `progress` receives bytes so far
    /// and the expected total when the server sent one.
    public func run(into destination: URL, progress: @escaping (Int64, Int64?) -> Void = { _, _ in }) throws {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: destination.path) else {
            throw DownloadError.destinationExists(destination.path)
        }
        let parent = destination.deletingLastPathComponent()
        try fileManager.createDirectory(at: parent, withIntermediateDirectories: true)
        let staging = parent.appendingPathComponent(".batchlab-download-\(UUID().uuidString)")
        try fileManager.createDirectory(at: staging, withIntermediateDirectories: false)
        defer { try? fileManager.removeItem(at: staging) }

        let archive = staging.appendingPathComponent("cifar-10-binary.tar.gz")
        let digest = try StreamingDownload(url: url, file: archive, progress: progress).run()
        guard digest == md5.lowercased() else { throw DownloadError.checksumMismatch(expected: md5, actual: digest) }
        try extract(archive, into: staging)
        let unpacked = staging.appendingPathComponent(Self.archiveFolder)
        do {
            _ = try CIFAR10.load(from: unpacked)
        } catch {
            throw DownloadError.badArchive("\(error)")
        }
        try fileManager.moveItem(at: unpacked, to: destination)
    }

    private func extract(_ archive: URL, into folder: URL) throws {
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-xzf", archive.path, "-C", folder.path]
        let errors = Pipe()
        tar.standardError = errors
        try tar.runWithCleanSignalMask()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        tar.waitUntilExit()
        guard tar.terminationStatus == 0 else {
            throw DownloadError.badArchive(message.split(separator: "\n").first.map(String.init) ?? "tar failed")
        }
    }
}

public enum DownloadError: Error, CustomStringConvertible, Equatable {
    case destinationExists(String)
    case http(url: String, status: Int)
    case transfer(url: String, message: String)
    case checksumMismatch(expected: String, actual: String)
    case badArchive(String)

    public var description: String {
        switch self {
        case .destinationExists(let path): "\(path) already exists; check it with `batchlab data verify \(path)` or remove it first"
        case .http(let url, let status): "\(url) answered HTTP \(status)"
        case .transfer(let url, let message): "downloading \(url) failed: \(message)"
        case .checksumMismatch(let expected, let actual):
            "the archive's MD5 is \(actual), expected \(expected): the download is corrupt or incomplete; nothing was written"
        case .badArchive(let message): "the archive could not be unpacked as CIFAR-10: \(message); nothing was written"
        }
    }
}

/// Streams a URL to a file, hashing (MD5) as the bytes arrive.
private final class StreamingDownload: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    let url: URL
    let output: FileHandle
    let progress: (Int64, Int64?) -> Void
    private var md5 = Insecure.MD5()
    private var received: Int64 = 0
    private var expected: Int64?
    private var failure: Error?
    private let done = DispatchSemaphore(value: 0)

    init(url: URL, file: URL, progress: @escaping (Int64, Int64?) -> Void) throws {
        FileManager.default.createFile(atPath: file.path, contents: nil)
        self.url = url
        output = try FileHandle(forWritingTo: file)
        self.progress = progress
    }

    /// Returns the lowercase hex MD5 of what was received.
    func run() throws -> String {
        let session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        session.dataTask(with: url).resume()
        done.wait()
        session.finishTasksAndInvalidate()
        try output.close()
        if let failure { throw failure }
        return md5.finalize().map { String(format: "%02x", $0) }.joined()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            failure = DownloadError.http(url: url.absoluteString, status: http.statusCode)
            completionHandler(.cancel)
            return
        }
        expected = response.expectedContentLength > 0 ? response.expectedContentLength : nil
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        md5.update(data: data)
        output.write(data)
        received += Int64(data.count)
        progress(received, expected)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        if failure == nil, let error {
            failure = DownloadError.transfer(url: url.absoluteString, message: error.localizedDescription)
        }
        done.signal()
    }
}
