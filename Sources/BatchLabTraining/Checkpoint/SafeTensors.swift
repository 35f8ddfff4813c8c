import Foundation

/// The safetensors file format (Hugging Face), for float32 tensors:
///
///     8 bytes   N, the header's length, little-endian UInt64
///     N bytes   JSON: {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, …,
///                      "__metadata__": {"key": "value"}}, padded with spaces to a multiple of 8
///     …         the tensors' bytes, little-endian, at their offsets from the end of the header
///
/// Readable by `safetensors.numpy.load_file` and PyTorch's `safetensors.torch.load_file`.
public enum SafeTensors {
    public struct Tensor: Equatable {
        public var shape: [Int]
        public var values: [Float]

        public init(shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
            self.shape = shape
            self.values = values
        }
    }

    /// The file's bytes, tensors in the order given.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        var offset = 0
        for (name, tensor) in tensors {
            let end = offset + tensor.values.count * 4
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, end]]
            offset = end
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for (_, tensor) in tensors {
            tensor.values.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        return data
    }

    /// The tensors and metadata in a file's bytes.
    public static func decode(_ data: Data, name: String = "file") throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        func fail(_ why: String) -> SafeTensorsError { SafeTensorsError(description: "\(name) is not a float32 safetensors file: \(why)") }
        guard data.count >= 8 else { throw fail("shorter than its 8-byte header length") }
        let declared = data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard let headerLength = Int(exactly: declared), headerLength <= data.count - 8 else {
            throw fail("header length \(declared) exceeds the file")
        }
        let start = data.startIndex + 8 + headerLength
        guard let header = try? JSONSerialization.jsonObject(with: data[(data.startIndex + 8)..<start]) as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        var tensors: [String: Tensor] = [:]
        var spans: [(range: Range<Int>, name: String)] = []
        for (key, value) in header where key != "__metadata__" {
            guard let entry = value as? [String: Any], entry["dtype"] as? String == "F32",
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
                  let bytes = byteCount(shape), offsets[0] >= 0, offsets[1] >= offsets[0], offsets[1] - offsets[0] == bytes,
                  offsets[1] <= data.endIndex - start else {
                throw fail("entry '\(key)' is not an F32 tensor within the file")
            }
            spans.append((offsets[0]..<offsets[1], key))
            let slice = data[(start + offsets[0])..<(start + offsets[1])]
            let values = slice.withUnsafeBytes { raw in
                (0..<(raw.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            }
            tensors[key] = Tensor(shape: shape, values: values)
        }
        // As the format requires: the tensors tile the data, in order, without overlap or gaps.
        var end = 0
        for span in spans.sorted(by: { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }) {
            guard span.range.lowerBound == end else {
                throw fail("entry '\(span.name)' starts at byte \(span.range.lowerBound) of the data, not \(end): tensors overlap or leave gaps")
            }
            end = span.range.upperBound
        }
        guard end == data.endIndex - start else { throw fail("\(data.endIndex - start - end) bytes after the last tensor") }
        return (tensors, header["__metadata__"] as? [String: String] ?? [:])
    }
}

/// Bytes of a float32 tensor of `shape`; nil for a negative dimension or an overflow.
private func byteCount(_ shape: [Int]) -> Int? {
    var count = 4
    for dimension in shape {
        guard dimension >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        if overflow { return nil }
        count = product
    }
    return count
}

/// A file that is not float32 safetensors, saying why.
public struct SafeTensorsError: Error, CustomStringConvertible {
    public var description: String
}
