import EtcdCore
import Foundation
import Testing

@Suite("Snapshot")
struct SnapshotTests {
    @Test func snapshotWhileWritingIsConsistentAndRestores() async throws {
        let test = try TestStore()
        for index in 0..<200 { try await test.store.put("/registry/pods/default/p\(index)", "v\(index)") }
        let file = test.directory.appendingPathComponent("snap.db").path
        // Writes keep going while the snapshot is taken.
        let writer = Task {
            for index in 0..<200 { try await test.store.put("/registry/configmaps/default/c\(index)", "v") }
        }
        let info = try await test.store.snapshot(to: file)
        try await writer.value
        #expect(info.size % 512 == 32, "the database bytes plus a 32-byte SHA-256, as etcd's snapshots are")
        #expect(!FileManager.default.fileExists(atPath: file + ".part"))

        let status = try SQLiteStore.snapshotStatus(path: file)
        #expect(status.revision >= 201 && status.totalSize == info.size - 32)

        let restoredDirectory = test.directory.appendingPathComponent("restored").path
        try SQLiteStore.restore(snapshot: file, toDataDirectory: restoredDirectory)
        let restored = try SQLiteStore.open(dataDirectory: restoredDirectory)
        let pods = try await restored.range(
            RangeRequest(key: Data("/registry/pods/"), rangeEnd: KeyRange.prefixEnd(Data("/registry/pods/")), countOnly: true))
        #expect(pods.count == 200)
        let configMaps = try await restored.range(
            RangeRequest(
                key: Data("/registry/configmaps/"), rangeEnd: KeyRange.prefixEnd(Data("/registry/configmaps/")),
                countOnly: true))
        #expect(pods.header.revision == status.revision)
        #expect(configMaps.count == status.revision - 201, "the copy holds exactly the writes up to its revision")
        #expect(restored.clusterID != test.store.clusterID, "a restore starts a new cluster")
        await restored.close()
        await test.finish()
    }

    @Test func restoreRefusesATamperedSnapshotAndAnExistingStore() async throws {
        let test = try TestStore()
        try await test.store.put("k", "v")
        let file = test.directory.appendingPathComponent("snap.db").path
        _ = try await test.store.snapshot(to: file)

        #expect(throws: StorageError.self) {
            try SQLiteStore.restore(snapshot: file, toDataDirectory: test.directory.path)
        }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        bytes[bytes.count - 100] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: file))
        let error = #expect(throws: StorageError.self) {
            try SQLiteStore.restore(snapshot: file, toDataDirectory: test.directory.appendingPathComponent("r").path)
        }
        #expect(error?.message.contains("SHA-256 mismatch") == true)
        await test.finish()
    }
}
