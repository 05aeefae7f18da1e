import Foundation

/// A write of one key (etcd's `PutRequest`).
public struct PutRequest: Sendable, Hashable {
    public var key: Data
    public var value: Data
    /// Attach the key to this lease; 0 detaches it.
    public var lease: Int64
    /// Return the key as it was before.
    public var prevKv: Bool
    /// Keep the current value (the key must exist).
    public var ignoreValue: Bool
    /// Keep the current lease (the key must exist).
    public var ignoreLease: Bool

    public init(
        key: Data, value: Data = Data(), lease: Int64 = 0, prevKv: Bool = false,
        ignoreValue: Bool = false, ignoreLease: Bool = false
    ) {
        self.key = key
        self.value = value
        self.lease = lease
        self.prevKv = prevKv
        self.ignoreValue = ignoreValue
        self.ignoreLease = ignoreLease
    }
}

/// The answer to a put (etcd's `PutResponse`).
public struct PutResponse: Sendable, Hashable {
    public var header: ResponseHeader
    /// The key before the put, when asked for and it existed.
    public var prevKv: KeyValue?

    public init(header: ResponseHeader, prevKv: KeyValue? = nil) {
        self.header = header
        self.prevKv = prevKv
    }
}

/// A delete of one key or a key range (etcd's `DeleteRangeRequest`).
public struct DeleteRangeRequest: Sendable, Hashable {
    public var key: Data
    /// As in `RangeRequest.rangeEnd`.
    public var rangeEnd: Data
    /// Return the deleted keys with their values.
    public var prevKv: Bool

    public init(key: Data, rangeEnd: Data = Data(), prevKv: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.prevKv = prevKv
    }
}

/// The answer to a delete (etcd's `DeleteRangeResponse`).
public struct DeleteRangeResponse: Sendable, Hashable {
    public var header: ResponseHeader
    /// How many keys were deleted.
    public var deleted: Int64
    /// The deleted keys, when asked for.
    public var prevKvs: [KeyValue]

    public init(header: ResponseHeader, deleted: Int64, prevKvs: [KeyValue] = []) {
        self.header = header
        self.deleted = deleted
        self.prevKvs = prevKvs
    }
}
