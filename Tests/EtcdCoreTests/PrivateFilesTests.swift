import EtcdCore
import Foundation
import Synchronization
import Testing

/// The store's files are its owner's alone, as etcd's are (`client/pkg/fileutil`: directories 0700, files 0600),
/// whatever the umask; a data directory found open to others is tightened with etcd's warning.
@Suite(.serialized)
struct PrivateFilesTests {
    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-private-\(UUID().uuidString)")
    }

    @Test func aNewDataDirectoryAndTheStoresFilesArePrivate() async throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let warnings = Mutex<[String]>([])
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        configuration.warn = { warning in warnings.withLock { $0.append(warning) } }
        let store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
        _ = try await store.put(PutRequest(key: Data("/registry/secrets/default/s".utf8), value: Data("{}".utf8)))

        #expect(try Self.mode(directory.path) == 0o700)
        #expect(try Self.mode(directory.appendingPathComponent("etcd").path) == 0o700)
        for file in ["store.db", "store.db-wal", "store.db-shm"] {
            #expect(try Self.mode(directory.appendingPathComponent("etcd/\(file)").path) == 0o600, "\(file)")
        }
        #expect(warnings.withLock { $0 }.isEmpty)
        await store.close()
    }

    @Test func anOpenDataDirectoryIsTightenedWithEtcdsWarning() async throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let etcd = directory.appendingPathComponent("etcd")
        try FileManager.default.createDirectory(at: etcd, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        let database = etcd.appendingPathComponent("store.db").path
        #expect(FileManager.default.createFile(atPath: database, contents: nil, attributes: [.posixPermissions: 0o644]))

        let warnings = Mutex<[String]>([])
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        configuration.warn = { warning in warnings.withLock { $0.append(warning) } }
        let store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
        await store.close()

        #expect(try Self.mode(directory.path) == 0o700)
        #expect(try Self.mode(etcd.path) == 0o700)
        #expect(try Self.mode(database) == 0o600)
        #expect(warnings.withLock { $0 } == [directory.path, etcd.path].map {
            "check file permission: directory \"\($0)\" exist, but the permission is \"drwxr-xr-x\". The recommended permission is \"-rwx------\" to prevent possible unprivileged access to the data; changed it to \"drwx------\""
        })
    }
}
