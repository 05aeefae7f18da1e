import Foundation

/// A read of one key or a key range, at the head or at an old revision (etcd's `RangeRequest`).
public struct RangeRequest: Sendable, Hashable {
    /// How the results are ordered.
    public enum SortOrder: Int, Sendable {
        case none = 0, ascend, descend
    }

    /// What the results are ordered by.
    public enum SortTarget: Int, Sendable {
        case key = 0, version, create, mod, value
    }

    /// The first key; with an empty `rangeEnd`, the only key.
    public var key: Data
    /// The end of the range, exclusive. Empty: just `key`. `"\0"`: every key from `key` on.
    public var rangeEnd: Data
    /// At most this many keys; 0 for no limit.
    public var limit: Int64
    /// Read at this revision; 0 for the head.
    public var revision: Revision
    public var sortOrder: SortOrder
    public var sortTarget: SortTarget
    /// Leave values out.
    public var keysOnly: Bool
    /// Return only the count.
    public var countOnly: Bool
    /// Filters on the keys' revisions; 0 for no bound.
    public var minModRevision: Revision
    public var maxModRevision: Revision
    public var minCreateRevision: Revision
    public var maxCreateRevision: Revision

    public init(
        key: Data, rangeEnd: Data = Data(), limit: Int64 = 0, revision: Revision = 0,
        sortOrder: SortOrder = .none, sortTarget: SortTarget = .key, keysOnly: Bool = false, countOnly: Bool = false,
        minModRevision: Revision = 0, maxModRevision: Revision = 0,
        minCreateRevision: Revision = 0, maxCreateRevision: Revision = 0
    ) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.limit = limit
        self.revision = revision
        self.sortOrder = sortOrder
        self.sortTarget = sortTarget
        self.keysOnly = keysOnly
        self.countOnly = countOnly
        self.minModRevision = minModRevision
        self.maxModRevision = maxModRevision
        self.minCreateRevision = minCreateRevision
        self.maxCreateRevision = maxCreateRevision
    }
}

/// The keys a range found (etcd's `RangeResponse`).
public struct RangeResponse: Sendable, Hashable {
    public var header: ResponseHeader
    public var kvs: [KeyValue]
    /// Whether the limit left keys out.
    public var more: Bool
    /// How many keys the range holds, whatever the limit.
    public var count: Int64

    public init(header: ResponseHeader, kvs: [KeyValue], more: Bool, count: Int64) {
        self.header = header
        self.kvs = kvs
        self.more = more
        self.count = count
    }
}
