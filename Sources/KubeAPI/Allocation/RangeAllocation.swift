import Foundation

/// A bitmap of allocated offsets in a range, stored as kube-apiserver stores its allocators: a `RangeAllocation`
/// object at `/registry/ranges/serviceips` or `/registry/ranges/servicenodeports`, whose `data` is the bitmap as
/// a big-endian big integer (bit i set: offset i taken), as `pkg/registry/core/service/allocator` writes it.
struct RangeAllocation {
    /// `10.96.0.0/12` or `30000-32767`.
    var range: String
    var allocated: Set<Int>

    init(range: String, allocated: Set<Int> = []) {
        self.range = range
        self.allocated = allocated
    }

    init(object: JSONValue) {
        range = object["range"]?.stringValue ?? ""
        allocated = []
        if let encoded = object["data"]?.stringValue, let bytes = Data(base64Encoded: encoded) {
            for (index, byte) in bytes.reversed().enumerated() where byte != 0 {
                for bit in 0..<8 where byte & (1 << bit) != 0 { allocated.insert(index * 8 + bit) }
            }
        }
    }

    var object: JSONValue {
        var bytes = [UInt8](repeating: 0, count: ((allocated.max() ?? -1) + 8) / 8)
        for offset in allocated { bytes[bytes.count - 1 - offset / 8] |= UInt8(1 << (offset % 8)) }
        return [
            "kind": "RangeAllocation", "apiVersion": "v1", "metadata": ["creationTimestamp": .null],
            "range": .string(range), "data": .string(Data(bytes).base64EncodedString()),
        ]
    }

    /// The lowest free offset at or after `start` (then from 0), below `size`; nil when full.
    func firstFree(from start: Int, size: Int) -> Int? {
        for offset in Array(start..<size) + Array(0..<min(start, size)) where !allocated.contains(offset) {
            return offset
        }
        return nil
    }
}
