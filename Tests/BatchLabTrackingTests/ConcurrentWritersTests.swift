import BatchLabCore
import Foundation
import Testing
@testable import BatchLabTracking

/// Several processes writing into one store, and one killed mid-run (the `store-writer` helper).
@Suite struct ConcurrentWritersTests {
    func launchWriter(store: String, name: String, epochs: Int, pauseMilliseconds: Int = 0) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = storeWriterURL()
        process.arguments = [store, name, "\(epochs)", "\(pauseMilliseconds)"]
        let output = Pipe()
        process.standardOutput = output
        try process.runWithCleanSignalMask()
        return (process, output)
    }

    @Test func fourProcessesWritingFiveHundredEpochsEachLoseNothing() throws {
        let path = temporaryStorePath()
        _ = try SQLiteRunStore(path: path)
        let writers = try (1...4).map { try launchWriter(store: path, name: "writer \($0)", epochs: 500) }
        for (process, output) in writers {
            _ = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let store = try SQLiteRunStore(path: path)
        let runs = try store.runs()
        #expect(runs.count == 4)
        for run in runs {
            #expect(run.status == .finished)
            #expect(try store.epochs(runID: run.id).map { Int($0["epoch"]!) } == Array(1...500))
            #expect(try store.stepLosses(runID: run.id).count == 500)
        }
        #expect(try store.integrityCheck() == "ok")
    }

    /// Eight processes started at once on a store that does not exist yet, twenty times: every
    /// one opens it (creation and migration take turns under the store's lock) and records its run.
    @Test func eightProcessesCreatingOneStoreAtOnceAllRecord() throws {
        for _ in 1...20 {
            let path = temporaryStorePath()
            let writers = try (1...8).map { try launchWriter(store: path, name: "writer \($0)", epochs: 1) }
            for (process, output) in writers {
                _ = output.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                #expect(process.terminationStatus == 0)
            }
            let store = try SQLiteRunStore(path: path)
            #expect(try store.runs().count == 8 && store.runs().allSatisfy { $0.status == .finished })
        }
    }

    @Test func aWriterKilledWithSIGKILLLeavesAnIntactStoreAndAnInterruptedRun() throws {
        let path = temporaryStorePath()
        _ = try SQLiteRunStore(path: path)
        let (process, output) = try launchWriter(store: path, name: "victim", epochs: 10_000, pauseMilliseconds: 5)
        var printed = ""
        while printed.components(separatedBy: "\n").count < 20 {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let store = try SQLiteRunStore(path: path)
        #expect(try store.integrityCheck() == "ok")
        let run = try #require(try store.runs().first)
        let epochs = try store.epochs(runID: run.id).map { Int($0["epoch"]!) }
        #expect(epochs.count >= 19)
        #expect(epochs == Array(1...epochs.count))
        #expect(run.effectiveStatus == .interrupted)
        try store.markOrphansInterrupted()
        #expect(try store.run(id: run.id)?.status == .interrupted)
    }
}
