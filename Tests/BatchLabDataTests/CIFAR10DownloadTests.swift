import BatchLabCore
import Crypto
import Foundation
import Testing
@testable import BatchLabData

/// The download path against a local HTTP server (python3 -m http.server on a loopback port
/// the system picks and the server reports) serving archives the test builds with tar: a good
/// one, one with a wrong checksum, and a truncated one.
@Suite(.serialized) struct CIFAR10DownloadTests {
    final class Server {
        let root: URL
        let process = Process()
        private(set) var port = 0

        /// Starts the server on port 0 and reads the port it bound from its first line
        /// ("Serving HTTP on 127.0.0.1 port 41234 …"): it listens before it prints.
        init() throws {
            root = temporaryDirectory()
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", root.path]
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.runWithCleanSignalMask()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let words = String(decoding: line, as: UTF8.self).split(separator: " ")
            guard let index = words.firstIndex(of: "port"), index + 1 < words.count, let port = Int(words[index + 1]) else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the test's HTTP server said no port: \(line)"])
            }
            self.port = port
        }

        func url(_ name: String) -> URL { URL(string: "http://127.0.0.1:\(port)/\(name)")! }

        /// Stops the server, also when a test fails: it must not outlive the test run.
        deinit {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: root)
        }
    }

    /// Builds cifar-10-binary.tar.gz from a small generated folder; returns its bytes.
    func makeArchive(in root: URL) throws -> Data {
        let staging = root.appendingPathComponent("staging")
        try writeCIFAR(in: staging.appendingPathComponent("cifar-10-batches-bin"))
        let archive = root.appendingPathComponent("cifar-10-binary.tar.gz")
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-czf", archive.path, "-C", staging.path, "cifar-10-batches-bin"]
        try tar.runWithCleanSignalMask()
        tar.waitUntilExit()
        return try Data(contentsOf: archive)
    }

    func md5(_ data: Data) -> String { Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test func downloadsVerifiesAndUnpacks() throws {
        let server = try Server()
        let archive = try makeArchive(in: server.root)
        let destination = temporaryDirectory().appendingPathComponent("cifar-10-batches-bin")
        defer { try? FileManager.default.removeItem(at: destination.deletingLastPathComponent()) }
        var lastProgress: Int64 = 0
        try CIFAR10Download(url: server.url("cifar-10-binary.tar.gz"), md5: md5(archive))
            .run(into: destination) { received, _ in lastProgress = received }
        #expect(lastProgress == Int64(archive.count))
        #expect(try CIFAR10.load(from: destination).train.count == 15)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path)
        #expect(leftovers == ["cifar-10-batches-bin"])
    }

    @Test func wrongChecksumWritesNothing() throws {
        let server = try Server()
        _ = try makeArchive(in: server.root)
        let parent = temporaryDirectory()
        let destination = parent.appendingPathComponent("cifar-10-batches-bin")
        defer { try? FileManager.default.removeItem(at: parent) }
        #expect(throws: DownloadError.self) {
            try CIFAR10Download(url: server.url("cifar-10-binary.tar.gz"), md5: CIFAR10Download.officialMD5).run(into: destination)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test func truncatedArchiveWritesNothing() throws {
        let server = try Server()
        let archive = try makeArchive(in: server.root)
        let truncated = archive.prefix(archive.count / 2)
        try truncated.write(to: server.root.appendingPathComponent("truncated.tar.gz"))
        let parent = temporaryDirectory()
        let destination = parent.appendingPathComponent("cifar-10-batches-bin")
        defer { try? FileManager.default.removeItem(at: parent) }
        do {
            try CIFAR10Download(url: server.url("truncated.tar.gz"), md5: md5(Data(truncated))).run(into: destination)
            Issue.record("a truncated archive was accepted")
        } catch let error as DownloadError {
            guard case .badArchive = error else { Issue.record("unexpected \(error)"); return }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test func missingFileIsAnHTTPError() throws {
        let server = try Server()
        let parent = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        #expect(throws: DownloadError.http(url: server.url("absent.tar.gz").absoluteString, status: 404)) {
            try CIFAR10Download(url: server.url("absent.tar.gz"), md5: "0").run(into: parent.appendingPathComponent("x"))
        }
    }
}
