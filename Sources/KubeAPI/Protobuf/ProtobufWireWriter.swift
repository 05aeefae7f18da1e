import Foundation

/// Writes the protobuf wire format as Go's gogo-generated marshallers do: fields in the order given, varints
/// for integers and booleans, length-delimited strings, bytes and messages.
struct ProtobufWireWriter {
    private(set) var bytes: [UInt8] = []

    mutating func varint(_ number: Int, _ value: UInt64) {
        tag(number, wireType: .varint)
        raw(varint: value)
    }

    mutating func lengthDelimited(_ number: Int, _ content: some Collection<UInt8>) {
        tag(number, wireType: .lengthDelimited)
        raw(varint: UInt64(content.count))
        bytes.append(contentsOf: content)
    }

    mutating func fixed64(_ number: Int, _ value: UInt64) {
        tag(number, wireType: .fixed64)
        for index in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))) }
    }

    mutating func fixed32(_ number: Int, _ value: UInt32) {
        tag(number, wireType: .fixed32)
        for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(index)))) }
    }

    private mutating func tag(_ number: Int, wireType: ProtobufWireReader.WireType) {
        raw(varint: UInt64(number) << 3 | wireType.rawValue)
    }

    private mutating func raw(varint value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7f) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }
}
