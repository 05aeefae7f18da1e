/// `leasepb.Lease` (etcd 3.4's `lease/leasepb/lease.proto`): `int64 ID = 1; int64 TTL = 2;
/// int64 RemainingTTL = 3;`, encoded by hand as protobuf varints (three fields do not merit generated code).
struct LeaseMessage: Hashable {
    var id: Int64
    var ttl: Int64
    var remainingTTL: Int64 = 0

    /// Fields at their zero value are left out, as proto3 does.
    var bytes: [UInt8] {
        var result: [UInt8] = []
        for (field, value) in [(UInt64(1), id), (2, ttl), (3, remainingTTL)] where value != 0 {
            Self.appendVarint(field << 3, to: &result)
            Self.appendVarint(UInt64(bitPattern: value), to: &result)
        }
        return result
    }

    /// Decodes a message; unknown varint fields are skipped, anything else is refused.
    init(bytes: [UInt8]) throws(SnapshotError.Reason) {
        id = 0
        ttl = 0
        var index = 0
        while index < bytes.count {
            let tag = try Self.varint(bytes, &index)
            guard tag & 7 == 0 else { throw .corrupt("lease record has a field of wire type \(tag & 7)") }
            let value = Int64(bitPattern: try Self.varint(bytes, &index))
            switch tag >> 3 {
            case 1: id = value
            case 2: ttl = value
            case 3: remainingTTL = value
            default: break
            }
        }
    }

    init(id: Int64, ttl: Int64) {
        self.id = id
        self.ttl = ttl
    }

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private static func varint(_ bytes: [UInt8], _ index: inout Int) throws(SnapshotError.Reason) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            guard shift < 64 else { break }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw .corrupt("lease record has a truncated varint")
    }
}
