import Foundation

/// The key interval a request names, decoded from etcd's `key` / `range_end` conventions (`client/v3/op.go`).
public enum KeyRange: Sendable, Hashable {
    /// Exactly one key (an empty `range_end`).
    case single(Data)
    /// Every key from `start` on, unbounded (`range_end` of `"\0"`); `start` `"\0"` too means every key.
    case from(Data)
    /// Keys in `[start, end)`.
    case interval(start: Data, end: Data)

    /// Decodes a request's `key` and `range_end`.
    public init(key: Data, rangeEnd: Data) {
        if rangeEnd.isEmpty {
            self = .single(key)
        } else if rangeEnd == Data([0]) {
            self = .from(key == Data([0]) ? Data() : key)
        } else {
            self = .interval(start: key, end: rangeEnd)
        }
    }

    /// Whether `key` lies in the range.
    public func contains(_ key: Data) -> Bool {
        switch self {
        case .single(let only): key == only
        case .from(let start): !key.lexicographicallyPrecedes(start)
        case .interval(let start, let end): !key.lexicographicallyPrecedes(start) && key.lexicographicallyPrecedes(end)
        }
    }

    /// Whether the two ranges share a key (etcd's duplicate-key rule for transactions).
    public func overlaps(_ other: KeyRange) -> Bool {
        let (aStart, aEnd) = bounds
        let (bStart, bEnd) = other.bounds
        // Each interval is [start, end) with end nil for unbounded; they overlap unless one ends before the other starts.
        if let aEnd, !bStart.lexicographicallyPrecedes(aEnd) { return false }
        if let bEnd, !aStart.lexicographicallyPrecedes(bEnd) { return false }
        return true
    }

    /// The range as `[start, end)`, `end` nil when unbounded.
    public var bounds: (start: Data, end: Data?) {
        switch self {
        case .single(let key): (key, key + [0])
        case .from(let start): (start, nil)
        case .interval(let start, let end): (start, end)
        }
    }

    /// The `range_end` that covers every key with `prefix`: the prefix with its last byte below 0xff
    /// incremented and the rest dropped; `"\0"` (every key) when all bytes are 0xff or the prefix is empty.
    public static func prefixEnd(_ prefix: Data) -> Data {
        var end = Array(prefix)
        while let last = end.last {
            if last < 0xff {
                end[end.count - 1] = last + 1
                return Data(end)
            }
            end.removeLast()
        }
        return Data([0])
    }
}
