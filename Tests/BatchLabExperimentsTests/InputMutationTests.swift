import BatchLabConfig
import BatchLabCore
import BatchLabData
import BatchLabNN
import BatchLabOptim
import BatchLabTraining
import Foundation
import Testing
@testable import BatchLabExperiments

/// Seeded mutations of valid files a user hands BatchLab — a run configuration, a sweep file, a
/// checkpoint's JSON and tensors, a CIFAR-10 batch — read through the same entry points as the
/// commands. Each must end in a valid result or in one line that names the file, never in a trap
/// (which would end this process), a hang or a dump of internals. The suite's counterpart of
/// scripts/fuzz-inputs.py, which drives the binary.
@Suite struct InputMutationTests {
    /// Byte-level and token-level changes: flips, cuts, splices, duplicated lines, YAML and JSON
    /// tokens, huge numbers, non-UTF-8 bytes.
    struct Mutator {
        var generator: SplitMix64
        static let tokens = [":", "-", "[", "]", "{", "}", "&a", "*a", "!!binary", "\"", "'", "#", "null", "~", "1e999", "-1",
                             "9223372036854775808", "nan", ".inf", "0x1F", "true", "\t", "\n  ", "[[[[", "{a: {b: {c: 1}}}", "\u{FF}"]

        init(seed: UInt64) { generator = SplitMix64(seed: seed) }

        mutating func below(_ bound: Int) -> Int { Int(generator.next() % UInt64(max(bound, 1))) }

        mutating func mutate(_ bytes: [UInt8]) -> [UInt8] {
            var bytes = bytes
            for _ in 0...below(3) {
                let at = below(bytes.count + 1)
                switch below(6) {
                case 0 where !bytes.isEmpty: bytes[min(at, bytes.count - 1)] ^= UInt8(1 << below(8))
                case 1: bytes = Array(bytes.prefix(at))
                case 2: bytes.insert(contentsOf: Array(Self.tokens[below(Self.tokens.count)].utf8), at: at)
                case 3 where bytes.count > 2:
                    let end = min(bytes.count, at + below(40))
                    bytes.removeSubrange(min(at, end)..<end)
                case 4:
                    let from = below(bytes.count), length = min(below(80), bytes.count - from)
                    bytes.insert(contentsOf: bytes[from..<(from + length)], at: at)
                default: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: at)
                }
            }
            return bytes
        }
    }

    let folder: URL = FileManager.default.temporaryDirectory.appendingPathComponent("mutations-\(UUID().uuidString)")

    /// Every error message: one line, naming `name`, without Swift or Foundation internals.
    func expectClear(_ error: any Error, naming name: String, case index: Int) {
        let message = "\(error)"
        #expect(!message.contains("\n") && message.contains(name), "case \(index): \(message)")
        for marker in ["NSCocoaErrorDomain", "DecodingError", "Swift.", "Fatal error", "The data couldn’t be read"] {
            #expect(!message.contains(marker), "case \(index): \(message)")
        }
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func mutatedConfigurationsAreReadOrRefusedClearly() throws {
        var configuration = RunConfiguration()
        configuration.callbacks.reduceLROnPlateau = PlateauSettings()
        let valid = Array(ConfigurationFile.yaml(configuration).utf8)
        var mutator = Mutator(seed: 1)
        for index in 0..<400 {
            let path = try write(mutator.mutate(valid), "run.yaml")
            do {
                try ConfigurationFile.load(path: path).validate()
            } catch {
                expectClear(error, naming: path, case: index)
            }
        }
    }

    @Test func mutatedSweepFilesAreReadOrRefusedClearly() throws {
        let valid = Array("""
            name: fuzzed
            method: grid
            parameters:
              epochs: 2
              data.subset: 500
              optimizer.lr: [0.001, 0.01]
              batch_size: {values: [32, 64]}
            early_terminate: {type: hyperband, min_iter: 1, eta: 2}

            """.utf8)
        var mutator = Mutator(seed: 2)
        for index in 0..<400 {
            let path = try write(mutator.mutate(valid), "sweep.yaml")
            do {
                for run in try SweepSpec.load(path: path).runs() { try run.configuration.validate() }
            } catch let error as ConfigurationError {
                // A run's combination, checked by the sweep command before starting, which names the run.
                #expect(!"\(error)".contains("\n"), "case \(index): \(error)")
            } catch {
                expectClear(error, naming: path, case: index)
            }
        }
    }

    @Test func mutatedCheckpointsAreRestoredOrRefusedClearly() throws {
        let data = tinyImages()
        func trainer() throws -> Trainer {
            let network = try Network(tinyModel, inputShape: [3, 8, 8], engine: try Engine(threads: 1), seed: 3)
            return Trainer(network: network, optimizer: Adam(), learningRate: 0.01, seed: 3)
        }
        let saved = folder.appendingPathComponent("saved")
        var callbacks: [any Callback] = []
        _ = try trainer().fit(data, validation: nil, epochs: 2, batchSize: 6, callbacks: &callbacks,
                              checkpoint: ModelCheckpoint(directory: saved))
        let json = saved.appendingPathComponent("last.json")
        let tensors = saved.appendingPathComponent(try TrainingCheckpoint.load(from: saved).metadata.tensors)
        let (validJSON, validTensors) = (try Data(contentsOf: json), try Data(contentsOf: tensors))
        var mutator = Mutator(seed: 3)
        for index in 0..<200 {
            let mutateJSON = index % 2 == 0
            try Data(mutateJSON ? mutator.mutate(Array(validJSON)) : Array(validJSON)).write(to: json)
            try Data(mutateJSON ? Array(validTensors) : mutator.mutate(Array(validTensors))).write(to: tensors)
            do {
                var restored: [any Callback] = []
                try TrainingCheckpoint.load(from: saved).restore(into: try trainer(), batchSize: 6, stepsPerEpoch: 3, callbacks: &restored)
            } catch {
                expectClear(error, naming: saved.path, case: index)
            }
        }
    }

    @Test func mutatedCIFARBatchesAreReadOrRefusedClearly() throws {
        let cifar = folder.appendingPathComponent("cifar")
        try FileManager.default.createDirectory(at: cifar, withIntermediateDirectories: true)
        var generator = SplitMix64(seed: 4)
        let batch = (0..<4).flatMap { _ in [UInt8(generator.next() % 10)] + (0..<3072).map { _ in UInt8(truncatingIfNeeded: generator.next()) } }
        for name in CIFAR10.trainFiles + [CIFAR10.testFile] { try Data(batch).write(to: cifar.appendingPathComponent(name)) }
        let names = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"
        try Data(names.utf8).write(to: cifar.appendingPathComponent(CIFAR10.metaFile))
        var mutator = Mutator(seed: 5)
        for index in 0..<60 {
            let file = index % 6 == 5 ? CIFAR10.metaFile : CIFAR10.trainFiles[index % 5]
            let original = try Data(contentsOf: cifar.appendingPathComponent(file))
            try Data(mutator.mutate(Array(original))).write(to: cifar.appendingPathComponent(file))
            do {
                _ = try CIFAR10.load(from: cifar)
            } catch {
                expectClear(error, naming: file, case: index)
            }
            try original.write(to: cifar.appendingPathComponent(file))
        }
    }

    /// 16 random 3×8×8 images among 4 classes, as the trainer's tests use.
    func tinyImages() -> ImageDataset {
        var generator = SplitMix64(seed: 5)
        let pixels = (0..<(16 * 192)).map { _ in UInt8(generator.next() % 256) }
        let labels = (0..<16).map { _ in UInt8(generator.next() % 4) }
        return ImageDataset(pixels: pixels, labels: labels, exampleShape: [3, 8, 8], classCount: 4)
    }

    let tinyModel = Sequential(name: "tiny") {
        Conv2D(4, kernelSize: 3, padding: .same, activation: .relu)
        MaxPooling2D(poolSize: 2)
        Flatten()
        Dense(8, activation: .relu)
        Dense(4, activation: .softmax)
    }
}
