import CZlib
import Crypto
import Foundation

/// What `snapshot save` wrote.
public struct SnapshotInfo: Sendable, Hashable {
    /// Bytes written, including the SHA-256 trailer.
    public var size: Int64
}

/// What `snapshot status` reports of a snapshot file (etcdutl's columns; the hash and key count are of the
/// SQLite file, since a KubeSim snapshot is no bbolt file).
public struct SnapshotStatus: Sendable, Hashable {
    /// CRC-32 (IEEE) of the database bytes.
    public var hash: UInt32
    /// The store revision the snapshot holds.
    public var revision: Revision
    /// Rows in all of the store's tables (etcd counts keys in all bbolt buckets).
    public var totalKeys: Int
    /// Bytes of the database, without the SHA-256 trailer.
    public var totalSize: Int64
}

/// Snapshots in etcd's file shape: the database bytes followed by their SHA-256, so the size is 32 more than
/// a multiple of 512 and `etcdctl snapshot restore` style checks apply.
extension SQLiteStore {
    private static let hashSize = 32

    /// Writes a consistent copy of the store, taken while writes continue, to `path` (through `path.part`).
    public func snapshot(to path: String) async throws -> SnapshotInfo {
        let partial = path + ".part"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            // Private from the start, as etcd's snapshots are (VACUUM INTO fills an empty file).
            try PrivateFiles.file(partial)
            // VACUUM INTO reads in one transaction, so the copy is one revision even while writes go on.
            let connection = try SQLiteConnection(path: self.path, create: false)
            try connection.execute("VACUUM INTO '\(partial.replacingOccurrences(of: "'", with: "''"))'")
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: partial))
            defer { try? handle.close() }
            var hasher = SHA256()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
            try handle.write(contentsOf: Data(hasher.finalize()))
            try handle.synchronize()
            let size = try handle.offset()
            try FileManager.default.moveItem(atPath: partial, toPath: path)
            return SnapshotInfo(size: Int64(size))
        } catch let error as StorageError {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw StorageError(path: path, message: "cannot write the snapshot: \(error.localizedDescription)")
        }
    }

    /// Makes a new store under `dataDirectory` from a snapshot file, with new cluster and member ids (a restore
    /// starts a new cluster, as etcd's does).
    /// - Throws: if the data directory already holds a store, or the snapshot's hash does not match (unless
    ///   `skipHashCheck`), or it is not a KubeSim snapshot.
    public static func restore(snapshot: String, toDataDirectory dataDirectory: String, skipHashCheck: Bool = false)
        throws
    {
        let target = URL(fileURLWithPath: dataDirectory).appendingPathComponent(fileName)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw StorageError(path: target.path, message: "a store exists already; restore into a new data directory")
        }
        let database = try verifiedDatabase(snapshot, skipHashCheck: skipHashCheck)
        _ = try PrivateFiles.directory(URL(fileURLWithPath: dataDirectory).path)
        _ = try PrivateFiles.directory(target.deletingLastPathComponent().path)
        let partial = target.path + ".restore"
        try PrivateFiles.file(partial)
        try database.write(to: URL(fileURLWithPath: partial))
        do {
            let connection = try SQLiteConnection(path: partial, create: false)
            try StoreSchema.prepare(connection)
            try connection.execute("""
                UPDATE meta SET value = \(StoreSchema.randomID()) WHERE name = '\(StoreSchema.Meta.clusterID)';
                UPDATE meta SET value = \(StoreSchema.randomID()) WHERE name = '\(StoreSchema.Meta.memberID)';
                """)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw StorageError(path: snapshot, message: "not a KubeSim snapshot (\(error))")
        }
        try FileManager.default.moveItem(atPath: partial, toPath: target.path)
    }

    /// Reads a snapshot file's hash, revision, row count and size, offline.
    public static func snapshotStatus(path: String) throws -> SnapshotStatus {
        let database = try verifiedDatabase(path, skipHashCheck: false)
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubesim-snapshot-\(UUID().uuidString).db")
        try database.write(to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            let connection = try SQLiteConnection(path: scratch.path, create: false)
            try StoreSchema.prepare(connection)
            let rows = try ["meta", "kv", "history", "leases"].reduce(0) {
                $0 + Int(try connection.scalar("SELECT count(*) FROM \($1)"))
            }
            let revision = try KeyValueReader(connection: connection).meta(StoreSchema.Meta.revision)
            let crc = database.withUnsafeBytes { bytes in
                crc32(0, bytes.bindMemory(to: UInt8.self).baseAddress, uInt(bytes.count))
            }
            return SnapshotStatus(
                hash: UInt32(crc), revision: revision, totalKeys: rows, totalSize: Int64(database.count))
        } catch {
            throw StorageError(path: path, message: "not a KubeSim snapshot (\(error))")
        }
    }

    /// The database bytes of a snapshot file, with its SHA-256 trailer checked and removed.
    private static func verifiedDatabase(_ path: String, skipHashCheck: Bool) throws -> Data {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StorageError(path: path, message: "no such file")
        }
        let contents: Data
        do {
            contents = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw StorageError(path: path, message: "cannot read the snapshot: \(error.localizedDescription)")
        }
        guard contents.count % 512 == hashSize else {
            if skipHashCheck { return contents }
            throw StorageError(path: path, message: "snapshot file has no SHA-256 trailer (size \(contents.count))")
        }
        let database = contents.prefix(contents.count - hashSize)
        if !skipHashCheck && Data(SHA256.hash(data: database)) != contents.suffix(hashSize) {
            throw StorageError(path: path, message: "snapshot file integrity check failed: SHA-256 mismatch")
        }
        return Data(database)
    }
}
