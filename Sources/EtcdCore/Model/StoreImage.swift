import Foundation

/// The whole state of a store as one value: what a snapshot carries between KubeSim and etcd.
///
/// `records` is the history still readable: every change above the compaction revision, plus each key's last
/// live state at or below it (what etcd's compaction keeps), in event order (revision, then the order of the
/// changes inside the revision, etcd's sub revision).
public struct StoreImage: Sendable, Hashable {
    /// One change of one key.
    public struct Record: Sendable, Hashable {
        /// The key-value as written; a deletion's tombstone has only the key and its mod revision.
        public var kv: KeyValue
        /// Whether this change deleted the key.
        public var deleted: Bool

        public init(kv: KeyValue, deleted: Bool) {
            self.kv = kv
            self.deleted = deleted
        }
    }

    /// A granted lease.
    public struct LeaseRecord: Sendable, Hashable {
        public var id: Int64
        /// The TTL granted, in seconds.
        public var ttl: Int64

        public init(id: Int64, ttl: Int64) {
            self.id = id
            self.ttl = ttl
        }
    }

    public var records: [Record]
    public var leases: [LeaseRecord]
    /// The store's current revision.
    public var revision: Revision
    /// The compaction revision (0 when never compacted).
    public var compactRevision: Revision
    public var clusterID: UInt64
    public var memberID: UInt64
    /// The raised alarms (etcd's `alarm` bucket), which a restore keeps, as etcd's does.
    public var alarms: [AlarmMember]

    public init(
        records: [Record], leases: [LeaseRecord], revision: Revision, compactRevision: Revision,
        clusterID: UInt64 = 0, memberID: UInt64 = 0, alarms: [AlarmMember] = []
    ) {
        self.alarms = alarms
        self.records = records
        self.leases = leases
        self.revision = revision
        self.compactRevision = compactRevision
        self.clusterID = clusterID
        self.memberID = memberID
    }

    /// The live key-values at the head: each key's last record unless it deleted the key, in key order.
    public var liveKeyValues: [KeyValue] {
        var last: [Data: Record] = [:]
        for record in records { last[record.kv.key] = record }
        return last.values.filter { !$0.deleted }.map(\.kv).sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }
}
