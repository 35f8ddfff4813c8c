import Foundation
import Testing
@testable import BatchLabData

/// Writes a small CIFAR-10 folder: `records` records per batch file, label = record % 10,
/// pixel bytes = (record + offset) % 256.
func writeCIFAR(records: Int = 3, in directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (fileIndex, name) in (CIFAR10.trainFiles + [CIFAR10.testFile]).enumerated() {
        var bytes = [UInt8]()
        for record in 0..<records {
            bytes.append(UInt8(record % 10))
            bytes.append(contentsOf: (0..<3072).map { UInt8(($0 + record + fileIndex) % 256) })
        }
        try Data(bytes).write(to: directory.appendingPathComponent(name))
    }
    let names = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"
    try names.write(to: directory.appendingPathComponent(CIFAR10.metaFile), atomically: true, encoding: .utf8)
}

func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("batchlab-test-\(UUID().uuidString)")
}

/// Runs `body` on a freshly generated CIFAR-10 folder (see `writeCIFAR`), removed afterwards.
func withCIFARFolder(_ body: (URL) throws -> Void) throws {
    let directory = temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    try writeCIFAR(in: directory)
    try body(directory)
}

@Suite struct CIFAR10Tests {
    @Test func readsRecordsLabelsAndClassNames() throws {
        try withCIFARFolder { directory in
            let cifar = try CIFAR10.load(from: directory)
            #expect(cifar.train.count == 15)
            #expect(cifar.test.count == 3)
            #expect(Array(cifar.train.labels.prefix(4)) == [0, 1, 2, 0])
            #expect(cifar.classNames.first == "airplane" && cifar.classNames.count == 10)
            // Record 1 of data_batch_2: pixel i = (i + 1 + 1) % 256; red plane first.
            let pixels = cifar.train.pixels[(4 * 3072)..<(4 * 3072 + 3)]
            #expect(Array(pixels) == [2, 3, 4])
        }
    }

    @Test func fillsScaledInputsAndOneHotTargets() throws {
        try withCIFARFolder { directory in
            let test = try CIFAR10.load(from: directory).test
            var inputs = [Float](repeating: -1, count: 2 * 3072)
            var targets = [Float](repeating: -1, count: 20)
            test.fill([2, 0], inputs: &inputs, targets: &targets)
            // test_batch is file 5: record 2 pixel 0 = (0 + 2 + 5) % 256 = 7.
            #expect(abs(inputs[0] - Float(7) / 255) < 1e-7)
            #expect(abs(inputs[3072] - Float(5) / 255) < 1e-7)
            #expect(targets == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        }
    }

    @Test func standardizationHasZeroMeanPerChannel() throws {
        try withCIFARFolder { directory in
            var train = try CIFAR10.load(from: directory).train
            let statistics = train.channelStatistics()
            train.transform = .standardizing(mean: statistics.mean, std: statistics.std)
            var inputs = [Float](repeating: 0, count: train.count * 3072)
            var targets = [Float](repeating: 0, count: train.count * 10)
            train.fill(Array(0..<train.count)[...], inputs: &inputs, targets: &targets)
            var redSum: Double = 0
            for n in 0..<train.count {
                for i in (n * 3072)..<(n * 3072 + 1024) { redSum += Double(inputs[i]) }
            }
            #expect(abs(redSum / Double(train.count * 1024)) < 1e-3)
        }
    }

    @Test func missingFolderAndFile() throws {
        let absent = temporaryDirectory()
        #expect(throws: CIFAR10Error.missingDirectory(absent.path)) { try CIFAR10.load(from: absent) }
        try withCIFARFolder { directory in
            try FileManager.default.removeItem(at: directory.appendingPathComponent("data_batch_3.bin"))
            #expect(throws: CIFAR10Error.missingFile("data_batch_3.bin", directory: directory.path)) {
                try CIFAR10.load(from: directory)
            }
        }
    }

    @Test func truncatedBatchNamesFileAndSize() throws {
        try withCIFARFolder { directory in
            let file = directory.appendingPathComponent("data_batch_3.bin")
            let data = try Data(contentsOf: file)
            try data.prefix(data.count - 1).write(to: file)
            let error = CIFAR10Error.badSize("data_batch_3.bin", bytes: 3 * 3073 - 1)
            #expect(throws: error) { try CIFAR10.load(from: directory) }
            #expect(error.description.hasPrefix("data_batch_3.bin is 9,218 bytes; a CIFAR-10 batch is"))
        }
    }

    /// A batch file cut at a record boundary, or with a record too many, is still refused.
    @Test func aBatchWithFewerRecordsThanTheOthersIsRefused() throws {
        try withCIFARFolder { directory in
            let file = directory.appendingPathComponent("test_batch.bin")
            let data = try Data(contentsOf: file)
            try data.prefix(2 * 3073).write(to: file)
            let error = CIFAR10Error.unevenBatches("test_batch.bin", records: 2, others: 3)
            #expect(throws: error) { try CIFAR10.load(from: directory) }
            #expect(error.description == "test_batch.bin holds 2 records where the other batch files hold 3: a damaged or mixed-up file")
        }
    }

    @Test func labelOutOfRange() throws {
        try withCIFARFolder { directory in
            let file = directory.appendingPathComponent("test_batch.bin")
            var data = try Data(contentsOf: file)
            data[3073] = 12
            try data.write(to: file)
            #expect(throws: CIFAR10Error.badLabel("test_batch.bin", record: 1, label: 12)) { try CIFAR10.load(from: directory) }
        }
    }

    @Test func metaWithWrongClassCount() throws {
        try withCIFARFolder { directory in
            try "cat\ndog\n".write(to: directory.appendingPathComponent(CIFAR10.metaFile), atomically: true, encoding: .utf8)
            #expect(throws: CIFAR10Error.badMeta("batches.meta.txt", names: 2)) { try CIFAR10.load(from: directory) }
        }
    }

    @Test func dataDirectoryPrecedence() {
        let environment = ["BATCHLAB_DATA": "/env/cifar", "HOME": "/home/u"]
        #expect(DataDirectory.resolve(flag: "/flag", environment: environment).path == "/flag")
        #expect(DataDirectory.resolve(flag: nil, environment: environment).path == "/env/cifar")
        #expect(DataDirectory.resolve(flag: nil, environment: ["HOME": "/home/u"]).path
                == "/home/u/.cache/batchlab/cifar-10-batches-bin")
    }
}
