import Foundation

/// The store as a `StoreImage`, and a new store made from one: the seams snapshots in etcd's format use.
extension SQLiteStore {
    /// Reads the store's state in one read transaction, so the image is one revision even while writes go on.
    ///
    /// History that compaction made unreachable but whose sweep has not finished is left out, so the image is
    /// what etcd's backend holds after the same compaction.
    public func image() throws -> StoreImage {
        let connection = try SQLiteConnection(path: path, create: false)
        defer { connection.close() }
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        let reader = KeyValueReader(connection: connection)
        let revision = try reader.meta(StoreSchema.Meta.revision)
        let compactRevision = try reader.meta(StoreSchema.Meta.compactRevision)
        let rows = try connection.statement("""
            SELECT key, create_revision, mod_revision, version, lease, value, deleted FROM history h
            WHERE mod_revision > ?1 OR (deleted = 0 AND NOT EXISTS (SELECT 1 FROM history n
              WHERE n.key = h.key AND n.mod_revision > h.mod_revision AND n.mod_revision <= ?1))
            ORDER BY mod_revision, id
            """).bind(compactRevision)
        var records: [StoreImage.Record] = []
        while try rows.step() {
            let kv = KeyValue(
                key: rows.data(0), createRevision: rows.int64(1), modRevision: rows.int64(2), version: rows.int64(3),
                value: rows.data(5), lease: rows.int64(4))
            records.append(StoreImage.Record(kv: kv, deleted: rows.int64(6) != 0))
        }
        rows.reset()
        let leaseRows = try connection.statement("SELECT id, ttl FROM leases ORDER BY id")
        var leases: [StoreImage.LeaseRecord] = []
        while try leaseRows.step() { leases.append(StoreImage.LeaseRecord(id: leaseRows.int64(0), ttl: leaseRows.int64(1))) }
        leaseRows.reset()
        return StoreImage(
            records: records, leases: leases, revision: revision, compactRevision: compactRevision,
            clusterID: clusterID, memberID: memberID, alarms: try reader.alarms())
    }

    /// Makes a new store under `dataDirectory` holding `image`, with new cluster and member ids (a restore
    /// starts a new cluster, as etcd's does); leases get their full TTL from now.
    ///
    /// All or nothing: the store is written in a scratch directory beside the data directory and moved into
    /// place only once complete, so a failure leaves no data directory (or the existing one untouched).
    /// - Throws: `StorageError` when the data directory already holds a store, or the image is inconsistent
    ///   (`source` names what it came from in the message).
    public static func create(dataDirectory: String, from image: StoreImage, source: String) throws {
        let directory = URL(fileURLWithPath: dataDirectory).standardizedFileURL
        let storeDirectory = directory.appendingPathComponent(fileName).deletingLastPathComponent()
        guard !FileManager.default.fileExists(atPath: storeDirectory.path) else {
            throw StorageError(
                path: storeDirectory.path, message: "a store exists already; restore into a new data directory")
        }
        try validate(image, source: source)
        let scratch = directory.deletingLastPathComponent()
            .appendingPathComponent(".\(directory.lastPathComponent).restore-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: scratch)
        do {
            let scratchStore = scratch.appendingPathComponent(fileName)
            _ = try PrivateFiles.directory(scratch.path)
            _ = try PrivateFiles.directory(scratchStore.deletingLastPathComponent().path)
            try PrivateFiles.file(scratchStore.path)
            let connection = try SQLiteConnection(path: scratchStore.path)
            try StoreSchema.prepare(connection)
            try write(image, into: connection)
            connection.close()
            if FileManager.default.fileExists(atPath: directory.path) {
                try FileManager.default.moveItem(at: scratchStore.deletingLastPathComponent(), to: storeDirectory)
                try FileManager.default.removeItem(at: scratch)
            } else {
                try FileManager.default.moveItem(at: scratch, to: directory)
            }
        } catch {
            try? FileManager.default.removeItem(at: scratch)
            if let error = error as? StorageError { throw error }
            throw StorageError(
                path: directory.path, message: "cannot write the restored store: \(error.localizedDescription)")
        }
    }

    /// Refuses an image a store could not hold: history out of order, revisions past the store's revision.
    private static func validate(_ image: StoreImage, source: String) throws {
        func refuse(_ message: String) -> StorageError { StorageError(path: source, message: message) }
        guard image.revision >= 1, image.compactRevision >= 0, image.compactRevision <= image.revision else {
            throw refuse("revision \(image.revision) and compaction revision \(image.compactRevision) do not fit together")
        }
        var previous: Revision = 0
        var seen = Set<KeyRevision>()
        for record in image.records {
            let kv = record.kv
            guard kv.modRevision >= previous, kv.modRevision >= 1, kv.modRevision <= image.revision else {
                throw refuse("history out of order at revision \(kv.modRevision)")
            }
            guard seen.insert(KeyRevision(key: kv.key, revision: kv.modRevision)).inserted else {
                throw refuse("key \(String(decoding: kv.key, as: UTF8.self)) changes twice at revision \(kv.modRevision)")
            }
            if !record.deleted {
                guard kv.createRevision >= 1, kv.createRevision <= kv.modRevision, kv.version >= 1 else {
                    throw refuse("key \(String(decoding: kv.key, as: UTF8.self)) at revision \(kv.modRevision) has "
                        + "create revision \(kv.createRevision) and version \(kv.version)")
                }
            }
            previous = kv.modRevision
        }
    }

    private struct KeyRevision: Hashable {
        var key: Data
        var revision: Revision
    }

    private static func write(_ image: StoreImage, into connection: SQLiteConnection) throws {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let history = try connection.statement("""
                INSERT INTO history(key, mod_revision, create_revision, version, lease, value, deleted)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
            for record in image.records {
                let kv = record.kv
                try history.bind(
                    kv.key, kv.modRevision, record.deleted ? 0 : kv.createRevision, record.deleted ? 0 : kv.version,
                    record.deleted ? 0 : kv.lease, record.deleted ? Data() : kv.value, record.deleted ? 1 : 0
                ).run()
                history.reset()
            }
            let live = try connection.statement("""
                INSERT INTO kv(key, create_revision, mod_revision, version, lease, value) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for kv in image.liveKeyValues {
                try live.bind(kv.key, kv.createRevision, kv.modRevision, kv.version, kv.lease, kv.value).run()
                live.reset()
            }
            let leases = try connection.statement("INSERT INTO leases(id, ttl, expires_at) VALUES (?, ?, ?)")
            let now = Date().timeIntervalSince1970
            for lease in image.leases {
                try leases.bind(lease.id, lease.ttl, now + Double(lease.ttl)).run()
                leases.reset()
            }
            let meta = try connection.statement("UPDATE meta SET value = ? WHERE name = ?")
            for (name, value) in [
                (StoreSchema.Meta.revision, image.revision), (StoreSchema.Meta.compactRevision, image.compactRevision),
                (StoreSchema.Meta.physicalCompactRevision, image.compactRevision),
            ] {
                try meta.bind(value, name).run()
                meta.reset()
            }
            let alarms = try connection.statement("INSERT OR IGNORE INTO meta(name, value) VALUES (?, 1)")
            for alarm in image.alarms {
                try alarms.bind(WriteSession.name(alarm)).run()
                alarms.reset()
            }
            try connection.execute("COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
