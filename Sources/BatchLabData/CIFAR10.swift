import BatchLabCore
import Foundation

/// CIFAR-10 (Krizhevsky 2009) in its official binary layout: `data_batch_1.bin` … `data_batch_5.bin`,
/// `test_batch.bin`, `batches.meta.txt`. Each record is 3,073 bytes: a label byte (0–9), then the
/// 1,024 red, 1,024 green and 1,024 blue bytes of a 32×32 image, row-major.
public struct CIFAR10 {
    public static let trainFiles = (1...5).map { "data_batch_\($0).bin" }
    public static let testFile = "test_batch.bin"
    public static let metaFile = "batches.meta.txt"
    public static let imageShape = [3, 32, 32]
    public static let imageSize = 3_072
    public static let recordSize = 3_073
    public static let classCount = 10

    public let train: ImageDataset
    public let test: ImageDataset
    public let classNames: [String]

    /// Reads and validates every file in `directory`.
    public static func load(from directory: URL) throws -> CIFAR10 {
        try checkFilesPresent(in: directory)
        let train = try trainFiles.map { try readBatch(directory.appendingPathComponent($0)) }
        let test = try readBatch(directory.appendingPathComponent(testFile))
        // The official files hold 10,000 records each; a folder whose files differ has a damaged one.
        let counts = train.map(\.labels.count) + [test.labels.count]
        let usual = Dictionary(grouping: counts, by: { $0 }).max { ($0.value.count, $0.key) < ($1.value.count, $1.key) }!.key
        if let odd = counts.firstIndex(where: { $0 != usual }) {
            throw CIFAR10Error.unevenBatches((trainFiles + [testFile])[odd], records: counts[odd], others: usual)
        }
        return CIFAR10(
            train: ImageDataset(pixels: train.flatMap(\.pixels), labels: train.flatMap(\.labels),
                                exampleShape: imageShape, classCount: classCount),
            test: ImageDataset(pixels: test.pixels, labels: test.labels, exampleShape: imageShape, classCount: classCount),
            classNames: try readClassNames(directory.appendingPathComponent(metaFile)))
    }

    /// Throws when `directory` is not a CIFAR-10 folder with every file, without reading them.
    public static func checkFilesPresent(in directory: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CIFAR10Error.missingDirectory(directory.path)
        }
        for name in trainFiles + [testFile, metaFile]
        where !FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) {
            throw CIFAR10Error.missingFile(name, directory: directory.path)
        }
    }

    /// Labels and pixels of one batch file, checked record by record.
    static func readBatch(_ url: URL) throws -> (pixels: [UInt8], labels: [UInt8]) {
        let data: Data
        do {
            // One official batch is 30,730,000 bytes; a folder that holds more per file is not CIFAR-10.
            data = try UserFile.read(url.path, limit: 10 * 30_730_000)
        } catch {
            throw CIFAR10Error.unreadable(url.lastPathComponent, reason: "\(error)")
        }
        guard !data.isEmpty, data.count % recordSize == 0 else {
            throw CIFAR10Error.badSize(url.lastPathComponent, bytes: data.count)
        }
        let records = data.count / recordSize
        var labels = [UInt8](repeating: 0, count: records)
        var pixels = [UInt8](repeating: 0, count: records * imageSize)
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            try pixels.withUnsafeMutableBytes { pixels in
                for record in 0..<records {
                    let start = record * recordSize
                    let label = bytes[start]
                    guard label < classCount else {
                        throw CIFAR10Error.badLabel(url.lastPathComponent, record: record, label: label)
                    }
                    labels[record] = label
                    pixels.baseAddress!.advanced(by: record * imageSize)
                        .copyMemory(from: bytes.baseAddress!.advanced(by: start + 1), byteCount: imageSize)
                }
            }
        }
        return (pixels, labels)
    }

    static func readClassNames(_ url: URL) throws -> [String] {
        let text: String
        do {
            text = try UserFile.readText(url.path, limit: 64 << 10)
        } catch {
            throw CIFAR10Error.unreadable(url.lastPathComponent, reason: "\(error)")
        }
        let names = text
            .split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard names.count == classCount else { throw CIFAR10Error.badMeta(url.lastPathComponent, names: names.count) }
        return names
    }
}

/// What is wrong with a CIFAR-10 folder, naming the file and what was expected.
public enum CIFAR10Error: Error, CustomStringConvertible, Equatable {
    case missingDirectory(String)
    case missingFile(String, directory: String)
    case badSize(String, bytes: Int)
    case badLabel(String, record: Int, label: UInt8)
    case badMeta(String, names: Int)
    case unreadable(String, reason: String)
    case unevenBatches(String, records: Int, others: Int)

    public var description: String {
        switch self {
        case .missingDirectory(let path):
            "CIFAR-10 folder \(path) does not exist; run `batchlab data download` or pass --data DIR"
        case .missingFile(let name, let directory):
            "\(name) is missing from \(directory); a CIFAR-10 folder holds \((CIFAR10.trainFiles + [CIFAR10.testFile, CIFAR10.metaFile]).joined(separator: ", "))"
        case .badSize(let name, let bytes):
            "\(name) is \(bytes.formatted()) bytes; a CIFAR-10 batch is a non-empty multiple of 3,073-byte records (10,000 × 3,073 = 30,730,000 bytes)"
        case .badLabel(let name, let record, let label):
            "\(name): record \(record) has label \(label); labels are 0–9"
        case .badMeta(let name, let names):
            "\(name) lists \(names) class names; CIFAR-10 has 10"
        case .unreadable(let name, let reason):
            "\(name) \(reason)"
        case .unevenBatches(let name, let records, let others):
            "\(name) holds \(records.formatted()) records where the other batch files hold \(others.formatted()): a damaged or mixed-up file"
        }
    }
}
