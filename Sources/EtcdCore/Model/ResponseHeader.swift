/// The header every etcd response carries.
///
/// Responses nested in a transaction carry only `revision`, the other fields zero, as etcd's do.
public struct ResponseHeader: Sendable, Hashable {
    /// The cluster id; constant for a store.
    public var clusterID: UInt64
    /// The id of the member that answered.
    public var memberID: UInt64
    /// The store's revision when the response was made (for writes, the revision they created).
    public var revision: Revision
    /// The raft term. An embedded store has no raft; it reports term 1.
    public var raftTerm: UInt64

    public init(clusterID: UInt64, memberID: UInt64, revision: Revision, raftTerm: UInt64) {
        self.clusterID = clusterID
        self.memberID = memberID
        self.revision = revision
        self.raftTerm = raftTerm
    }
}
