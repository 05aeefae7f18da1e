import Foundation

/// Reads the protobuf wire format: tags, varints, fixed-width numbers and length-delimited fields.
struct ProtobufWireReader {
    /// A field's wire type (the low three bits of its tag).
    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    /// One field of a message: its number and its undecoded value.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    private let bytes: ArraySlice<UInt8>
    private var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    var isAtEnd: Bool { position >= bytes.endIndex }

    /// The next field, or nil at the end of the message.
    mutating func next() throws -> (number: Int, value: Value)? {
        guard !isAtEnd else { return nil }
        let tag = try varint()
        guard let wireType = WireType(rawValue: tag & 7), tag >> 3 > 0 else {
            throw Malformed(description: "invalid field tag \(tag) at byte \(position - bytes.startIndex)")
        }
        let number = Int(tag >> 3)
        switch wireType {
        case .varint: return (number, .varint(try varint()))
        case .fixed64: return (number, .fixed64(try fixed(8)))
        case .fixed32: return (number, .fixed32(UInt32(try fixed(4))))
        case .lengthDelimited:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - position) else {
                throw Malformed(description: "field \(number) runs past the end of its message")
            }
            let start = position
            position += Int(length)
            return (number, .bytes(bytes[start..<position]))
        case .startGroup, .endGroup:
            throw Malformed(description: "field \(number) uses the deprecated group encoding")
        }
    }

    /// A varint without a tag, as packed repeated fields hold them.
    mutating func bareVarint() throws -> UInt64 { try varint() }

    private mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.endIndex && shift < 64 {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw Malformed(description: "truncated varint")
    }

    private mutating func fixed(_ width: Int) throws -> UInt64 {
        guard bytes.endIndex - position >= width else { throw Malformed(description: "truncated fixed-width number") }
        var result: UInt64 = 0
        for index in 0..<width { result |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += width
        return result
    }
}
