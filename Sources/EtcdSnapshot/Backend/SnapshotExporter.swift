import EtcdCore
import EtcdProto
import Foundation
import SwiftProtobuf

/// Writes a store's image as etcd 3.4's backend: the bbolt database `etcdctl snapshot save` receives.
///
/// - `key`: every record of the image under its revision key (sub revisions numbered in event order inside a
///   revision), a deletion as a tombstone (`t`) whose `mvccpb.KeyValue` has only the key.
/// - `meta`: `consistent_index` (the store revision: KubeSim applies one entry per revision), and the
///   compaction revision as both `scheduledCompactRev` and `finishedCompactRev` once compacted.
/// - `lease`: each lease's `leasepb.Lease` (ID, TTL).
/// - `members`: one member, as the cluster's etcd static pod names it, else `fallbackMember`;
///   `alarm`: each raised alarm's `etcdserverpb.AlarmMember` as its key, with no value;
///   `members_removed`, `authUsers`, `authRoles` empty; `cluster` holds `clusterVersion`;
///   `auth` holds `authRevision` 1, as a new etcd writes them.
public struct SnapshotExporter: Sendable {
    /// The member recorded when the data holds no kubeadm-like etcd pod.
    public var fallbackMember: SnapshotMember

    public init(fallbackMember: SnapshotMember) { self.fallbackMember = fallbackMember }

    /// The snapshot file: the database then its SHA-256.
    public func file(from image: StoreImage) -> [UInt8] { SnapshotFile.appendingHash(database(from: image)) }

    /// The bbolt database alone.
    public func database(from image: StoreImage) -> [UInt8] { BoltWriter().write(backend(from: image)) }

    /// The backend's buckets.
    func backend(from image: StoreImage) -> BoltBucket {
        let member = SnapshotMember.seeded(in: image, id: fallbackMember.id) ?? fallbackMember
        var meta = [entry(BackendSchema.consistentIndex, BackendSchema.bigEndian(UInt64(max(image.revision, 0))))]
        if image.compactRevision > 0 {
            let compacted = BackendSchema.RevisionKey(main: image.compactRevision, sub: 0).bytes
            meta.append(entry(BackendSchema.finishedCompactRevision, compacted))
            meta.append(entry(BackendSchema.scheduledCompactRevision, compacted))
        }
        let leases = image.leases.map {
            BoltBucket.Entry(
                key: BackendSchema.bigEndian(UInt64(bitPattern: $0.id)), value: LeaseMessage(id: $0.id, ttl: $0.ttl).bytes)
        }
        let buckets: [(String, [BoltBucket.Entry])] = [
            (BackendSchema.alarm, image.alarms.map(AlarmMessage.entry).sorted { boltPrecedes($0.key, $1.key) }),
            (BackendSchema.auth, [entry(BackendSchema.authRevision, BackendSchema.bigEndian(1))]),
            (BackendSchema.authRoles, []), (BackendSchema.authUsers, []),
            (BackendSchema.cluster, [entry(BackendSchema.clusterVersion, Array(BackendSchema.version.utf8))]),
            (BackendSchema.key, keyEntries(image.records)),
            (BackendSchema.lease, leases.sorted { boltPrecedes($0.key, $1.key) }),
            (BackendSchema.members, [entry(String(member.id, radix: 16), member.json)]),
            (BackendSchema.membersRemoved, []),
            (BackendSchema.meta, meta.sorted { boltPrecedes($0.key, $1.key) }),
        ]
        return BoltBucket(children: buckets.map { name, entries in
            BoltBucket.Child(name: Array(name.utf8), bucket: BoltBucket(entries: entries))
        })
    }

    private func entry(_ key: String, _ value: [UInt8]) -> BoltBucket.Entry {
        BoltBucket.Entry(key: Array(key.utf8), value: value)
    }

    /// The `key` bucket: records in event order, which is also revision-key order.
    private func keyEntries(_ records: [StoreImage.Record]) -> [BoltBucket.Entry] {
        var entries: [BoltBucket.Entry] = []
        entries.reserveCapacity(records.count)
        var main: Revision = 0
        var sub: Int64 = 0
        for record in records {
            if record.kv.modRevision == main { sub += 1 } else { (main, sub) = (record.kv.modRevision, 0) }
            var message = Mvccpb_KeyValue()
            message.key = record.kv.key
            if !record.deleted {
                message.createRevision = record.kv.createRevision
                message.modRevision = record.kv.modRevision
                message.version = record.kv.version
                message.value = record.kv.value
                message.lease = record.kv.lease
            }
            // A message of bytes and integers always encodes.
            let value: [UInt8] = (try? message.serializedBytes()) ?? []
            let key = BackendSchema.RevisionKey(main: main, sub: sub, tombstone: record.deleted).bytes
            entries.append(BoltBucket.Entry(key: key, value: value))
        }
        return entries
    }
}
