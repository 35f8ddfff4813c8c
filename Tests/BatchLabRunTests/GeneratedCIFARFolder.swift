import BatchLabData
import Foundation

/// A CIFAR-10 folder in the official binary layout, generated: 8 images per file (labels 0…7,
/// pixels from a fixed generator), so 40 training and 8 test images. The caller removes it.
func generatedCIFARFolder() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batchlab-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    var state: UInt64 = 1
    for name in CIFAR10.trainFiles + [CIFAR10.testFile] {
        var bytes = [UInt8]()
        for record in 0..<8 {
            bytes.append(UInt8(record % 10))
            for _ in 0..<3072 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes.append(UInt8(truncatingIfNeeded: state >> 56))
            }
        }
        try Data(bytes).write(to: directory.appendingPathComponent(name))
    }
    try (0..<10).map { "class\($0)" }.joined(separator: "\n").write(to: directory.appendingPathComponent(CIFAR10.metaFile),
                                                                      atomically: true, encoding: .utf8)
    return directory
}
