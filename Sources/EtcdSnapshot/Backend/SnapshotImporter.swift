import EtcdCore
import EtcdProto
import Foundation
import SwiftProtobuf

/// Reads etcd's snapshot files: their status, and the store image they hold.
public enum SnapshotImporter {
    /// `etcdctl snapshot status`: opens the database as it is (a trailing hash is ignored, as bbolt ignores
    /// bytes past its pages) and hashes, counts and measures it.
    public static func status(path: String) throws(SnapshotError) -> SnapshotStatus {
        let bytes = try SnapshotFile.read(path)
        let (database, size) = try open(bytes, path: path)
        return SnapshotStatus(database: database, size: size)
    }

    /// The image a snapshot file holds: every revision of the `key` bucket, the leases and the compaction
    /// revision. The file's hash is checked unless `skipHashCheck` (etcdctl's rule, see `SnapshotFile`).
    public static func image(path: String, skipHashCheck: Bool = false) throws(SnapshotError) -> StoreImage {
        let bytes = try SnapshotFile.database(try SnapshotFile.read(path), path: path, skipHashCheck: skipHashCheck)
        let (database, _) = try open(bytes, path: path)
        do throws(SnapshotError.Reason) {
            return try image(of: database)
        } catch {
            throw SnapshotError(path: path, reason: error)
        }
    }

    private static func open(_ bytes: [UInt8], path: String) throws(SnapshotError) -> (BoltBucket, Int64) {
        do throws(BoltError) {
            let reader = try BoltReader(bytes: bytes)
            return (try reader.root(), reader.size)
        } catch {
            throw SnapshotError(path: path, reason: .invalidDatabase(error))
        }
    }

    /// The store image of an etcd backend.
    static func image(of database: BoltBucket) throws(SnapshotError.Reason) -> StoreImage {
        guard let keys = database.child(BackendSchema.key), let meta = database.child(BackendSchema.meta) else {
            throw .corrupt("no `key` or `meta` bucket")
        }
        func revision(_ name: String) throws(SnapshotError.Reason) -> Revision {
            guard let bytes = meta.value(name.utf8) else { return 0 }
            guard let key = BackendSchema.RevisionKey(bytes) else { throw .corrupt("meta \(name) is not a revision") }
            return key.main
        }
        // A compaction scheduled but not finished is finished on start by etcd; the image is as after it.
        let compactRevision = max(try revision(BackendSchema.finishedCompactRevision),
                                  try revision(BackendSchema.scheduledCompactRevision))
        var records: [StoreImage.Record] = []
        records.reserveCapacity(keys.entries.count)
        for entry in keys.entries {
            guard let key = BackendSchema.RevisionKey(entry.key), key.main >= 1, key.sub >= 0 else {
                throw .corrupt("key bucket entry \(hex(entry.key)) is not a revision")
            }
            let message: Mvccpb_KeyValue
            do {
                message = try Mvccpb_KeyValue(serializedBytes: entry.value)
            } catch {
                throw .corrupt("the value at revision \(key.main) is not an mvccpb.KeyValue")
            }
            if key.tombstone {
                records.append(StoreImage.Record(
                    kv: KeyValue(key: message.key, createRevision: 0, modRevision: key.main, version: 0), deleted: true))
            } else {
                guard message.modRevision == key.main else {
                    throw .corrupt("the value at revision \(key.main) says mod_revision \(message.modRevision)")
                }
                records.append(StoreImage.Record(
                    kv: KeyValue(
                        key: message.key, createRevision: message.createRevision, modRevision: message.modRevision,
                        version: message.version, value: message.value, lease: message.lease),
                    deleted: false))
            }
        }
        var leases: [StoreImage.LeaseRecord] = []
        for entry in database.child(BackendSchema.lease)?.entries ?? [] {
            let lease = try LeaseMessage(bytes: entry.value)
            guard entry.key.count == 8, BackendSchema.fromBigEndian(entry.key[...]) == UInt64(bitPattern: lease.id) else {
                throw .corrupt("lease bucket key \(hex(entry.key)) does not match its lease \(lease.id)")
            }
            leases.append(StoreImage.LeaseRecord(id: lease.id, ttl: lease.ttl))
        }
        var alarms: [AlarmMember] = []
        for entry in database.child(BackendSchema.alarm)?.entries ?? [] {
            alarms.append(try AlarmMessage.alarm(entry.key))
        }
        // etcd's current revision: the last in the key bucket, or the compaction revision when compaction
        // removed everything up to it (`mvcc/kvstore.go` restore); an empty etcd is at 1.
        let revision = max(records.last?.kv.modRevision ?? 1, compactRevision, 1)
        return StoreImage(
            records: compacted(records, at: compactRevision), leases: leases, revision: revision,
            compactRevision: compactRevision, alarms: alarms.sorted())
    }

    /// What compaction at `revision` keeps: every record above it, and each key's last record at or below it
    /// unless that record deleted the key.
    private static func compacted(_ records: [StoreImage.Record], at revision: Revision) -> [StoreImage.Record] {
        guard revision > 0 else { return records }
        var lastAtOrBelow: [Data: Int] = [:]
        for (index, record) in records.enumerated() where record.kv.modRevision <= revision {
            lastAtOrBelow[record.kv.key] = index
        }
        return records.enumerated().compactMap { index, record in
            if record.kv.modRevision > revision { return record }
            return lastAtOrBelow[record.kv.key] == index && !record.deleted ? record : nil
        }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

extension SnapshotImporter {
    /// `etcdctl snapshot restore`: a new KubeSim store under `dataDirectory` with the snapshot's keys, history,
    /// leases and compaction revision, written all or nothing (see `SQLiteStore.create(dataDirectory:from:source:)`).
    /// - Throws: `SnapshotError` for a file that is refused, `StorageError` when the store cannot be written.
    public static func restore(path: String, toDataDirectory dataDirectory: String, skipHashCheck: Bool = false) throws {
        let image = try image(path: path, skipHashCheck: skipHashCheck)
        do {
            try SQLiteStore.create(dataDirectory: dataDirectory, from: image, source: path)
        } catch let error as StorageError where error.path == path {
            throw SnapshotError(path: path, reason: .corrupt(error.message))
        }
    }
}
