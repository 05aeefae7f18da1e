import ComponentLogs
import EtcdCore
import EtcdProto
import Foundation

/// What every service shares: the store, the member's identity and the request limits.
struct ServedStore: Sendable {
    let store: any KeyValueStore
    let snapshots: (any EtcdSnapshotSource)?
    let clusterID: UInt64
    let memberID: UInt64
    /// etcd's `--max-request-bytes`: a write whose request is larger is refused.
    let maxRequestBytes: Int
    /// The member's log (etcd's JSON lines), if one is kept.
    let log: EtcdLogWriter?

    /// Defragmentation and alarms, when the store offers them.
    var maintenance: (any StoreMaintenance)? { store as? any StoreMaintenance }

    /// A header for a response at `revision`, as etcd fills it (raft term 1: an embedded store has no raft).
    func header(_ revision: Revision) -> Etcdserverpb_ResponseHeader {
        ResponseHeader(clusterID: clusterID, memberID: memberID, revision: revision, raftTerm: 1).proto
    }

    /// The store's current revision, read with a point lookup.
    func currentRevision() async throws -> Revision {
        try await store.range(RangeRequest(key: Data([0]), countOnly: true)).header.revision
    }

    /// The revision through which every commit has been handed to watchers: a write-free transaction passes
    /// through the store's commit queue, which publishes each commit's events before answering.
    func publishedRevision() async throws -> Revision {
        try await store.txn(TxnRequest()).header.revision
    }
}

/// A store whose whole state (history not yet compacted, leases, compaction point) can be read at one
/// revision, for snapshots in etcd's format. `SQLiteStore` is one.
public protocol EtcdSnapshotSource: Sendable {
    func image() async throws -> StoreImage
}

extension SQLiteStore: EtcdSnapshotSource {}
