import EtcdCore
import Foundation
import Testing

@testable import EtcdSnapshot

/// A KubeSim store through etcd's snapshot format and back.
@Suite(.serialized) struct SnapshotRoundTripTests {
    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-snap-\(UUID().uuidString)")
    }

    static func configuration() -> SQLiteStore.Configuration {
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        configuration.maxIdleReaders = 1
        configuration.externalCommitCheckInterval = nil
        return configuration
    }

    static func bytes(_ text: String) -> Data { Data(text.utf8) }

    /// A store with history, a multi-key transaction, a deletion, leases and a compaction.
    static func populatedStore(at directory: URL) async throws -> SQLiteStore {
        let store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration())
        let lease = try await store.leaseGrant(ttl: 300, id: 0x1234)
        for index in 0..<30 {
            _ = try await store.put(PutRequest(key: bytes("/registry/k\(index % 7)"), value: bytes("value \(index)")))
        }
        _ = try await store.txn(TxnRequest(success: [
            .put(PutRequest(key: bytes("/registry/txn/a"), value: bytes("A"))),
            .put(PutRequest(key: bytes("/registry/txn/b"), value: bytes("B"), lease: lease.id)),
        ]))
        _ = try await store.deleteRange(DeleteRangeRequest(key: bytes("/registry/k3")))
        _ = try await store.compact(20)
        _ = try await store.put(PutRequest(key: bytes("/registry/k1"), value: Data(repeating: 0x41, count: 20_000)))
        return store
    }

    @Test func anExportedSnapshotImportsToTheSameImage() async throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.populatedStore(at: directory.appendingPathComponent("source"))
        let image = try store.image()
        let member = SnapshotMember(id: store.memberID, name: "default", peerURLs: ["http://localhost:2380"], clientURLs: [])
        let path = directory.appendingPathComponent("snap.db").path
        try SnapshotFile.write(SnapshotExporter(fallbackMember: member).file(from: image), to: path)
        await store.close()

        let imported = try SnapshotImporter.image(path: path)
        #expect(imported.records == image.records)
        #expect(imported.leases == [StoreImage.LeaseRecord(id: 0x1234, ttl: 300)])
        #expect(imported.revision == image.revision && imported.compactRevision == 20)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.size] as? Int ?? 0) % 512 == 32)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        let status = try SnapshotImporter.status(path: path)
        #expect(status.revision == image.revision)
        // key records + meta (3) + lease (1) + members (1) + cluster (1) + auth (1).
        #expect(status.totalKeys == image.records.count + 7)
    }

    @Test func aRestoredStoreAnswersLikeTheSourceAtEveryKeptRevision() async throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try await Self.populatedStore(at: directory.appendingPathComponent("source"))
        let member = SnapshotMember(id: 1, name: "default", peerURLs: [], clientURLs: [])
        let path = directory.appendingPathComponent("snap.db").path
        try SnapshotFile.write(SnapshotExporter(fallbackMember: member).file(from: try store.image()), to: path)
        let restoredDirectory = directory.appendingPathComponent("restored").path
        try SnapshotImporter.restore(path: path, toDataDirectory: restoredDirectory)
        let restored = try SQLiteStore.open(dataDirectory: restoredDirectory, configuration: Self.configuration())
        let all = (key: Data([0]), rangeEnd: Data([0]))
        for revision: Revision in [0, 20, 25, 31, 32, 33] {
            let request = RangeRequest(key: all.key, rangeEnd: all.rangeEnd, revision: revision)
            let expected = try await store.range(request)
            let actual = try await restored.range(request)
            #expect(actual.kvs == expected.kvs, "at revision \(revision)")
            #expect(actual.header.revision == expected.header.revision)
        }
        await #expect(throws: EtcdError.compacted) {
            try await restored.range(RangeRequest(key: all.key, rangeEnd: all.rangeEnd, revision: 19))
        }
        let lease = try await restored.leaseTimeToLive(id: 0x1234, keys: true)
        #expect(lease.grantedTTL == 300 && lease.keys == [Self.bytes("/registry/txn/b")])
        #expect(restored.clusterID != store.clusterID, "a restore starts a new cluster")
        await restored.close()
        await store.close()
        #expect(throws: StorageError.self, "a store exists there now") {
            try SnapshotImporter.restore(path: path, toDataDirectory: restoredDirectory)
        }
    }

    @Test func theMembersBucketNamesTheSeededClustersEtcdMember() throws {
        let pod = """
            {"kind":"Pod","spec":{"containers":[{"name":"etcd","command":["etcd","--advertise-client-urls=https://10.0.0.5:2379",\
            "--initial-advertise-peer-urls=https://10.0.0.5:2380","--name=controlplane"]}]}}
            """
        let kv = KeyValue(
            key: Self.bytes("/registry/pods/kube-system/etcd-controlplane"), createRevision: 2, modRevision: 2,
            version: 1, value: Self.bytes(pod))
        let image = StoreImage(records: [StoreImage.Record(kv: kv, deleted: false)], leases: [], revision: 2, compactRevision: 0)
        let fallback = SnapshotMember(id: 0xabc, name: "default", peerURLs: ["http://localhost:2380"], clientURLs: [])
        let members = SnapshotExporter(fallbackMember: fallback).backend(from: image).child("members")
        #expect(members?.entries.map { String(decoding: $0.key, as: UTF8.self) } == ["abc"])
        #expect(members?.entries.first.map { String(decoding: $0.value, as: UTF8.self) }
            == #"{"id":2748,"peerURLs":["https://10.0.0.5:2380"],"name":"controlplane","clientURLs":["https://10.0.0.5:2379"]}"#)
        let bare = StoreImage(records: [], leases: [], revision: 1, compactRevision: 0)
        #expect(SnapshotExporter(fallbackMember: fallback).backend(from: bare).child("members")?.entries.first?.value
            == Array(#"{"id":2748,"peerURLs":["http://localhost:2380"],"name":"default"}"#.utf8))
    }
}
