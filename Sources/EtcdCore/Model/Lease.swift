import Foundation

/// A granted lease (etcd's `LeaseGrantResponse`).
public struct LeaseGrantResponse: Sendable, Hashable {
    public var header: ResponseHeader
    public var id: Int64
    /// The TTL granted, in seconds; raised to the store's minimum when asked for less.
    public var ttl: Int64

    public init(header: ResponseHeader, id: Int64, ttl: Int64) {
        self.header = header
        self.id = id
        self.ttl = ttl
    }
}

/// A lease's state (etcd's `LeaseTimeToLiveResponse`).
public struct LeaseTimeToLiveResponse: Sendable, Hashable {
    public var header: ResponseHeader
    public var id: Int64
    /// Seconds left, or -1 when the lease does not exist (expired or revoked).
    public var ttl: Int64
    /// The TTL the lease was granted with; 0 when it does not exist.
    public var grantedTTL: Int64
    /// The keys attached, when asked for.
    public var keys: [Data]

    public init(header: ResponseHeader, id: Int64, ttl: Int64, grantedTTL: Int64, keys: [Data]) {
        self.header = header
        self.id = id
        self.ttl = ttl
        self.grantedTTL = grantedTTL
        self.keys = keys
    }
}

/// The answer to a keep-alive (etcd's `LeaseKeepAliveResponse`).
public struct LeaseKeepAliveResponse: Sendable, Hashable {
    public var header: ResponseHeader
    public var id: Int64
    /// The TTL the lease was renewed to.
    public var ttl: Int64

    public init(header: ResponseHeader, id: Int64, ttl: Int64) {
        self.header = header
        self.id = id
        self.ttl = ttl
    }
}

/// Lease limits, as etcd's lessor has them with its default election timeout.
public enum LeaseLimits {
    /// The shortest TTL granted: etcd's `ceil(1.5 × election timeout)` with the default 1 s timeout.
    public static let minimumTTL: Int64 = 2
    /// The longest TTL etcd grants (`MaxLeaseTTL`).
    public static let maximumTTL: Int64 = 9_000_000_000
}
