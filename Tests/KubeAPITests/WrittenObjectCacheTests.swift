import EtcdCore
import Foundation
import Testing

@testable import KubeAPI

/// The objects the registry wrote, kept with their stored bytes: given back only for those exact bytes.
struct WrittenObjectCacheTests {
    private let key = Data("/registry/configmaps/default/a".utf8)

    private func object(_ value: String) -> KubeObject {
        KubeObject(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "a"], "data": ["v": .string(value)]])
    }

    @Test func anObjectIsGivenBackOnlyForTheBytesItWasStoredAs() {
        let cache = WrittenObjectCache()
        cache.store(object("1"), key: key, value: Data("one".utf8))
        #expect(cache.object(key: key, value: Data("one".utf8)) == object("1"))
        #expect(cache.object(key: key, value: Data("two".utf8)) == nil)
        #expect(cache.object(key: Data("/registry/configmaps/default/b".utf8), value: Data("one".utf8)) == nil)
        cache.store(object("2"), key: key, value: Data("two".utf8))
        #expect(cache.object(key: key, value: Data("one".utf8)) == nil)
        #expect(cache.object(key: key, value: Data("two".utf8)) == object("2"))
    }

    @Test func theOldestAreForgottenPastTheCountOrTheBytes() {
        let cache = WrittenObjectCache(capacity: 4, byteLimit: 100)
        for index in 0..<5 { cache.store(object("\(index)"), key: Data("/k/\(index)".utf8), value: Data("v\(index)".utf8)) }
        #expect(cache.object(key: Data("/k/0".utf8), value: Data("v0".utf8)) == nil)
        #expect(cache.object(key: Data("/k/1".utf8), value: Data("v1".utf8)) != nil)
        cache.store(object("big"), key: Data("/k/big".utf8), value: Data(count: 99))
        #expect(cache.object(key: Data("/k/4".utf8), value: Data("v4".utf8)) == nil, "99 bytes leave room for no other value")
        #expect(cache.object(key: Data("/k/big".utf8), value: Data(count: 99)) != nil)
        cache.store(object("huge"), key: Data("/k/huge".utf8), value: Data(count: 101))
        #expect(cache.object(key: Data("/k/huge".utf8), value: Data(count: 101)) == nil, "larger than all it may hold")
    }

    @Test func aKeyStoredAgainAndAgainCountsOnce() {
        let cache = WrittenObjectCache(capacity: 4)
        for index in 0..<10_000 { cache.store(object("\(index)"), key: key, value: Data("v\(index)".utf8)) }
        for index in 0..<3 { cache.store(object("\(index)"), key: Data("/k/\(index)".utf8), value: Data("v\(index)".utf8)) }
        #expect(cache.object(key: key, value: Data("v9999".utf8)) == object("9999"))
    }

    /// A registry reads what it just wrote as the object it wrote, and what another writer stored after it as
    /// that writer's object: the same as a registry that wrote nothing decodes.
    @Test func aRegistryReadsItsOwnWritesAndOthersLaterWritesAsDecodingGivesThem() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("written-objects-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore.open(dataDirectory: directory.path)
        let writer = Registry(store: store, storageMediaType: .protobuf)
        let other = Registry(store: store, storageMediaType: .protobuf)
        let fresh = { Registry(store: store, storageMediaType: .protobuf) }
        do {
            try await writer.bootstrap()
            let created = try await writer.create(
                BuiltinResources.configMaps, namespace: "default",
                object: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "a"], "data": ["v": "1"]])
            let read = try await writer.get(BuiltinResources.configMaps, namespace: "default", name: "a")
            #expect(read == created)
            #expect(read == (try await fresh().get(BuiltinResources.configMaps, namespace: "default", name: "a")))

            _ = try await other.patch(
                BuiltinResources.configMaps, namespace: "default", name: "a", patchType: .merge,
                body: Data(#"{"data":{"v":"2"}}"#.utf8))
            let after = try await writer.get(BuiltinResources.configMaps, namespace: "default", name: "a")
            #expect(after.json["data"] == ["v": "2"])
            #expect(after == (try await fresh().get(BuiltinResources.configMaps, namespace: "default", name: "a")))
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}
