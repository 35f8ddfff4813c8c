import Foundation

/// TFRecord framing, as TensorFlow's `RecordWriter` and TensorBoard's event files use it: each
/// record is its length (uint64, little-endian), the masked CRC-32C of those 8 bytes, the data,
/// and the masked CRC-32C of the data (uint32s, little-endian).
struct TFRecordWriter {
    private(set) var data = Data()

    mutating func append(_ record: Data) {
        let length = withUnsafeBytes(of: UInt64(record.count).littleEndian) { Data($0) }
        data += length
        data += Self.bytes(Self.maskedCRC(length))
        data += record
        data += Self.bytes(Self.maskedCRC(record))
    }

    /// The CRC rotated right by 15 bits plus 0xa282ead8 (TensorFlow's `crc32c::Mask`): a CRC of
    /// data that holds CRCs is then not a CRC of a CRC.
    static func maskedCRC(_ data: Data) -> UInt32 {
        let crc = CRC32C.checksum(data)
        return ((crc >> 15) | (crc << 17)) &+ 0xa282_ead8
    }

    private static func bytes(_ value: UInt32) -> Data {
        withUnsafeBytes(of: value.littleEndian) { Data($0) }
    }
}

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), byte by byte through a table:
/// CRC-32C("123456789") = 0xE3069283 (RFC 3720, B.4).
enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { byte in
        (0..<8).reduce(UInt32(byte)) { crc, _ in crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    }

    static func checksum(_ data: Data) -> UInt32 {
        ~data.reduce(~UInt32(0)) { crc, byte in table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
}
