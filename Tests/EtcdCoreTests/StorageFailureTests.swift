import EtcdCore
import Foundation
import ProcessLaunch
import Testing

/// What the store does with data files it must not trust: each gives a clear error naming the file.
@Suite("Storage failures")
struct StorageFailureTests {
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func aCorruptDataFileIsRefused() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("store.db")
        try Data(repeating: 0x5a, count: 8192).write(to: file)
        let error = #expect(throws: StorageError.self) { try SQLiteStore(path: file.path) }
        #expect(error?.path == file.path)
        #expect(error?.description.contains("not a database") == true)
    }

    @Test func aForeignSQLiteDatabaseIsRefusedAndLeftAlone() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("other.db")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", file.path]
        try ProcessLaunch.run(process)
        process.waitUntilExit()
        let before = try Data(contentsOf: file)
        let error = #expect(throws: StorageError.self) { try SQLiteStore(path: file.path) }
        #expect(error?.message.contains("not a KubeSim store") == true)
        #expect(try Data(contentsOf: file) == before)
    }

    @Test func anUncreatableDataDirectoryIsReported() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let blocker = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let error = #expect(throws: StorageError.self) {
            try SQLiteStore.open(dataDirectory: blocker.appendingPathComponent("data").path)
        }
        #expect(error?.path.hasPrefix(blocker.path) == true)
    }

    @Test func aFullDiskFailsTheWriteAndKeepsTheStore() async throws {
        let mount = try ScratchMount(sizeKiB: 512)
        defer { mount.remove() }
        let store = try SQLiteStore.open(dataDirectory: mount.path)
        try await store.put("small", "v")
        let big = Data(repeating: 0x41, count: 128 * 1024)
        var failure: (any Error)?
        for index in 0..<64 {
            do { _ = try await store.put(PutRequest(key: Data("big\(index)"), value: big)) } catch {
                failure = error
                break
            }
        }
        let error = try #require(failure as? StorageError)
        #expect(error.message.contains("full"))
        #expect(try await store.get(Data("small"))?.value.string == "v")
        await store.close()
    }

    @Test func aReadOnlyDataDirectoryIsReported() async throws {
        let mount = try ScratchMount(sizeKiB: 1024)
        defer { mount.remove() }
        let store = try SQLiteStore.open(dataDirectory: mount.path)
        try await store.put("k", "v")
        await store.close()
        try mount.remountReadOnly()
        #expect(throws: StorageError.self) { try SQLiteStore.open(dataDirectory: mount.path) }
    }
}

/// A small tmpfs, mounted for a test that needs a full or read-only filesystem (root can write anywhere else).
struct ScratchMount {
    let path: String

    init(sizeKiB: Int) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-mnt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(sizeKiB)k", "tmpfs", path])
    }

    func remountReadOnly() throws {
        try Self.run("/bin/mount", ["-o", "remount,ro", path])
    }

    func remove() {
        try? Self.run("/bin/umount", [path])
        try? FileManager.default.removeItem(atPath: path)
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try ProcessLaunch.run(process)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSLocalizedDescriptionKey: "\(tool) \(arguments) failed"])
        }
    }
}
