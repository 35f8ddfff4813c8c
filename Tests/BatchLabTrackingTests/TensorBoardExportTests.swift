import BatchLabTraining
import Foundation
import SwiftProtobuf
import Testing
@testable import BatchLabTracking

/// TFRecord framing and the events TensorBoard reads; scripts/experiment-checks.sh reads a real
/// export with TensorBoard's own `EventAccumulator` and record reader.
@Suite struct TensorBoardExportTests {
    /// RFC 3720 B.4's check value, and TensorFlow's masking of it (rotate right 15, add 0xa282ead8).
    @Test func crc32cAndItsMask() {
        #expect(CRC32C.checksum(Data("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum(Data(repeating: 0, count: 32)) == 0x8A91_36AA)
        let crc: UInt32 = 0xE306_9283
        #expect(TFRecordWriter.maskedCRC(Data("123456789".utf8)) == ((crc >> 15) | (crc << 17)) &+ 0xa282_ead8)
    }

    /// The records of a framed file, each CRC checked.
    func records(_ data: Data) throws -> [Data] {
        var records: [Data] = [], offset = data.startIndex
        func uint<T: FixedWidthInteger>(_ type: T.Type, at index: Int) -> T {
            data[index..<(index + MemoryLayout<T>.size)].reversed().reduce(T(0)) { $0 << 8 | T($1) }
        }
        while offset < data.endIndex {
            let length = Int(uint(UInt64.self, at: offset))
            #expect(uint(UInt32.self, at: offset + 8) == TFRecordWriter.maskedCRC(data[offset..<(offset + 8)]))
            let record = data[(offset + 12)..<(offset + 12 + length)]
            #expect(uint(UInt32.self, at: offset + 12 + length) == TFRecordWriter.maskedCRC(Data(record)))
            records.append(Data(record))
            offset += 16 + length
        }
        return records
    }

    @Test func aRunsEventsReadBack() throws {
        let store = try SQLiteRunStore(path: temporaryStorePath())
        let id = try store.createRun(NewRun(name: "b128/linear", study: "seed", config: sampleConfig, version: "t"))
        for epoch in 1...2 {
            var logs = EpochLogs()
            (logs["epoch"], logs["step"], logs["loss"], logs["val_accuracy"], logs["seconds"]) = (Double(epoch), Double(8 * epoch), 2.0 / Double(epoch), 0.25 * Double(epoch), 2)
            try store.appendEpoch(runID: id, logs: logs, stepLosses: [StepLoss(step: 8 * epoch - 4, loss: 2.5, learningRate: 0.001 * Double(epoch))])
        }
        try store.setStatus(runID: id, .finished, message: nil)
        let folder = URL(fileURLWithPath: temporaryStorePath()).deletingLastPathComponent().appendingPathComponent("tb")
        #expect(try TensorBoardExport.write(try store.runs(), from: store, to: folder) == 1)

        let runFolder = folder.appendingPathComponent("seed").appendingPathComponent("\(id) b128_linear")
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: runFolder.path).first)
        #expect(file.hasPrefix("events.out.tfevents.") && file.hasSuffix(".batchlab"))
        let events = try records(try Data(contentsOf: runFolder.appendingPathComponent(file))).map { try Tensorboard_Event(serializedBytes: $0) }
        #expect(events.map { $0.fileVersion } .first == "brain.Event:2")
        // Version, session start, 2 epochs, 2 step losses, session end.
        #expect(events.count == 7)
        let start = try Tensorboard_Hparams_HParamsPluginData(serializedBytes: events[1].summary.value[0].metadata.pluginData.content)
        #expect(events[1].summary.value[0].tag == "_hparams_/session_start_info" && events[1].summary.value[0].metadata.pluginData.pluginName == "hparams")
        #expect(start.sessionStartInfo.hparams["batch_size"]?.numberValue == 128 && start.sessionStartInfo.hparams["optimizer"]?.stringValue == "adam")
        let epochs = events[2...3]
        #expect(epochs.map(\.step) == [1, 2] && epochs.map { $0.wallTime - events[0].wallTime } == [2, 4])
        #expect(epochs.map { $0.summary.value.map(\.tag) } == [["loss", "val_accuracy", "seconds"], ["loss", "val_accuracy", "seconds"]])
        #expect(epochs.last?.summary.value[1].simpleValue == 0.5)
        #expect(events[4...5].map(\.step) == [4, 12] && events[4].summary.value[0].tag == "step_loss" && events[5].wallTime == events[3].wallTime)
        #expect(events[4...5].map { $0.summary.value.map(\.tag) } == [["step_loss", "step_lr"], ["step_loss", "step_lr"]])
        #expect(events[5].summary.value[1].simpleValue == 0.002)
        let end = try Tensorboard_Hparams_HParamsPluginData(serializedBytes: events[6].summary.value[0].metadata.pluginData.content)
        #expect(end.sessionEndInfo.status == .success)

        let root = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasPrefix("events.out") })
        let experiment = try records(try Data(contentsOf: folder.appendingPathComponent(root))).map { try Tensorboard_Event(serializedBytes: $0) }
        let data = try Tensorboard_Hparams_HParamsPluginData(serializedBytes: experiment[1].summary.value[0].metadata.pluginData.content)
        #expect(data.experiment.metricInfos.map(\.name.tag) == ["val_accuracy", "val_loss", "accuracy", "loss"])
        #expect(data.experiment.hparamInfos.first { $0.name == "batch_size" }?.type == .float64)
        #expect(data.experiment.hparamInfos.first { $0.name == "model" }?.type == .string)
    }
}
