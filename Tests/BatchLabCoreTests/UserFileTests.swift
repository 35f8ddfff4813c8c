import BatchLabCore
import Foundation
import Testing

/// Every way a named file can be wrong ends in one line that says which way.
@Suite struct UserFileTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("userfile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func readFailure(_ path: String, limit: Int = 100) -> String? {
        do {
            _ = try UserFile.readText(path, limit: limit)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func readsWhatCanBeReadAndSaysWhyNotOtherwise() throws {
        let root = try folder()
        try Data("epochs: 3\n".utf8).write(to: URL(fileURLWithPath: root + "/run.yaml"))
        #expect(try UserFile.readText(root + "/run.yaml", limit: 100) == "epochs: 3\n")
        #expect(readFailure(root + "/missing.yaml") == "does not exist")
        #expect(readFailure(root) == "is a directory, not a file")
        #expect(readFailure("") == "is an empty path")
        #expect(readFailure(root + "/run.yaml", limit: 4) == "is 10 bytes, more than the 4 this kind of file may have")
        try Data([0x65, 0x3A, 0x20, 0xC3, 0xA9, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: root + "/latin.yaml"))
        #expect(readFailure(root + "/latin.yaml") == "is not UTF-8 text (byte 0xFF at offset 5)")
        // A device is never read: /dev/zero would fill memory up to the limit.
        #expect(readFailure("/dev/zero", limit: 1 << 30) == "is a device or socket, not a file")
    }

    @Test func readsAPipeToItsEnd() throws {
        let root = try folder()
        let fifo = root + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let handle = FileHandle(forWritingAtPath: fifo)!
            handle.write(Data("seed: 7\n".utf8))
            handle.closeFile()
        }
        writer.start()
        #expect(try UserFile.readText(fifo, limit: 100) == "seed: 7\n")
    }

    @Test func writesWholeOrSaysWhyNot() throws {
        let root = try folder()
        try UserFile.write(Data("a".utf8), to: root + "/deep/er/report.html")
        #expect(try String(contentsOfFile: root + "/deep/er/report.html", encoding: .utf8) == "a")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/deep/er") == ["report.html"])
        #expect(throws: UserFile.Failure.self) { try UserFile.write(Data(), to: root) }
        do {
            try UserFile.write(Data(), to: root)
        } catch {
            #expect("\(error)" == "is a directory; name a file in it")
        }
        do {
            try UserFile.write(Data(), to: root + "/deep/er/report.html/inside.html")
            Issue.record("wrote under a file")
        } catch {
            #expect("\(error)".hasPrefix("cannot be written: its folder"))
        }
    }
}
