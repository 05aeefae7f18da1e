/// What `endpoint status` reports of a store (etcd's `StatusResponse`, less raft details).
public struct StoreStatus: Sendable, Hashable {
    public var header: ResponseHeader
    /// The etcd API version the store speaks, e.g. "3.4.23".
    public var version: String
    /// Bytes the data file takes, never 0.
    public var dbSize: Int64
    /// Bytes of the data file in use (less free pages).
    public var dbSizeInUse: Int64
    /// The revision compacted to, 0 before any compaction.
    public var compactRevision: Revision

    public init(header: ResponseHeader, version: String, dbSize: Int64, dbSizeInUse: Int64, compactRevision: Revision) {
        self.header = header
        self.version = version
        self.dbSize = dbSize
        self.dbSizeInUse = dbSizeInUse
        self.compactRevision = compactRevision
    }
}

/// The etcd version the embedded store reports: the v3.5 API it implements.
public enum EtcdVersion {
    public static let api = "3.5.17"
}
