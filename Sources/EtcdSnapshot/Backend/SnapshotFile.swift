import Crypto
import EtcdCore
import Foundation

/// A snapshot file: the bbolt database followed by its SHA-256, which etcd appends when it streams a snapshot.
public enum SnapshotFile {
    static let hashSize = 32

    /// `database` followed by its SHA-256.
    public static func appendingHash(_ database: [UInt8]) -> [UInt8] { database + hash(database) }

    /// The SHA-256 etcd appends to a database.
    public static func hash(_ database: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: database)) }

    /// Whether a file of `size` bytes carries a hash: etcdctl 3.4's rule, `size % 512 == 32` (a bbolt
    /// database is a whole number of pages, so a multiple of 512).
    public static func hasHash(size: Int) -> Bool { size % 512 == hashSize }

    /// The file's bytes.
    public static func read(_ path: String) throws(SnapshotError) -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SnapshotError(path: path, reason: .io("no such file"))
        }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SnapshotError(path: path, reason: .io("cannot read the snapshot: \(error.localizedDescription)"))
        }
    }

    /// The database part of a snapshot file's `bytes`, as `etcdctl snapshot restore` takes it: the trailer cut
    /// off when present, and checked unless `skipHashCheck`.
    public static func database(_ bytes: [UInt8], path: String, skipHashCheck: Bool) throws(SnapshotError) -> [UInt8] {
        guard hasHash(size: bytes.count) else {
            if skipHashCheck { return bytes }
            throw SnapshotError(path: path, reason: .missingHash)
        }
        let database = Array(bytes[..<(bytes.count - hashSize)])
        if !skipHashCheck && Array(SHA256.hash(data: database)) != Array(bytes[(bytes.count - hashSize)...]) {
            throw SnapshotError(path: path, reason: .hashMismatch)
        }
        return database
    }

    /// Writes `bytes` to `path`, private (0600) from the start, through `path.part` so a failure leaves no
    /// partial snapshot under the final name.
    public static func write(_ bytes: [UInt8], to path: String) throws(SnapshotError) {
        let partial = path + ".part"
        do {
            try? FileManager.default.removeItem(atPath: partial)
            try PrivateFiles.file(partial)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
            defer { try? handle.close() }
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw SnapshotError(path: path, reason: .io("cannot write the snapshot: \(error)"))
        }
    }
}
