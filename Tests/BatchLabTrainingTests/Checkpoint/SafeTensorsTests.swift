import Foundation
import Testing
@testable import BatchLabTraining

@Suite struct SafeTensorsTests {
    @Test func writesTheDocumentedLayout() throws {
        let data = try SafeTensors.encode([("a", SafeTensors.Tensor(shape: [2], values: [1, 2]))], metadata: ["epoch": "3"])
        // Golden bytes, from the format's specification (github.com/huggingface/safetensors, README "Format").
        let header = #"{"__metadata__":{"epoch":"3"},"a":{"data_offsets":[0,8],"dtype":"F32","shape":[2]}}"#
        let padded = header + String(repeating: " ", count: (8 - header.utf8.count % 8) % 8)
        var expected = Data()
        withUnsafeBytes(of: UInt64(padded.utf8.count).littleEndian) { expected.append(contentsOf: $0) }
        expected.append(Data(padded.utf8))
        expected.append(contentsOf: [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0x40])
        #expect(data == expected)
        #expect((data.count - 8 - 8) % 8 == 0)
    }

    @Test func roundTripsTensorsAndMetadata() throws {
        let kernel = SafeTensors.Tensor(shape: [2, 3], values: [1, -2, 3.5, .pi, 0, -0.25])
        let bias = SafeTensors.Tensor(shape: [3], values: [7, 8, 9])
        let data = try SafeTensors.encode([("kernel", kernel), ("bias", bias)], metadata: ["epoch": "12"])
        let (tensors, metadata) = try SafeTensors.decode(data)
        #expect(tensors == ["kernel": kernel, "bias": bias])
        #expect(metadata == ["epoch": "12"])
    }

    @Test func rejectsATruncatedFile() throws {
        let data = try SafeTensors.encode([("a", SafeTensors.Tensor(shape: [4], values: [1, 2, 3, 4]))])
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(data.prefix(data.count - 1)) }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(Data([1, 2, 3])) }
        // A header length of 2⁶⁴ − 1 and a shape whose size overflows are errors, not crashes.
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(Data(repeating: 0xFF, count: 16)) }
        let huge = #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#
        var file = Data()
        withUnsafeBytes(of: UInt64(huge.utf8.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(Data(huge.utf8))
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(file) }
    }

    /// Two tensors that share bytes, or bytes no tensor owns, are not a safetensors file.
    @Test func rejectsOverlappingTensorsAndStrayBytes() throws {
        func file(_ header: String, dataBytes: Int) -> Data {
            var data = Data()
            withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
            data.append(Data(header.utf8))
            data.append(Data(repeating: 0, count: dataBytes))
            return data
        }
        let overlapping = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(file(overlapping, dataBytes: 12)) }
        let tiled = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        #expect(try SafeTensors.decode(file(tiled, dataBytes: 12)).tensors.count == 2)
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(file(tiled, dataBytes: 13)) }
    }
}
