@testable import KubeAPI
import EtcdCore
import Foundation
import Testing

/// JSON watches of a type without selectors share one store watch when it has not passed their
/// resourceVersion; each still reports exactly what a watch of its own would, for its namespace only, and the
/// shared watch ends with its last watcher.
@Suite struct SharedWatchesTests {
    private static func configMap(_ name: String, namespace: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "namespace": .string(namespace)]]
    }

    /// The first `count` events of `events`, as type and name.
    private static func take(
        _ count: Int, of events: AsyncThrowingStream<EncodedObjectEvent, any Error>
    ) async throws -> [String] {
        var taken: [String] = []
        for try await event in events {
            let object = try JSONValue.parse(json: Data(event.json))
            taken.append("\(event.type.rawValue) \(object[["metadata", "name"]]?.stringValue ?? "")")
            if taken.count == count { break }
        }
        return taken
    }

    @Test func watchersOfATypeShareOneStoreWatchUntilTheLastLeaves() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        let start = String(try await fixture.revision())
        do {
            let all = try await fixture.registry.watchJSON(maps, namespace: nil, resourceVersion: start)
            let inDefault = try await fixture.registry.watchJSON(maps, namespace: "default", resourceVersion: start)
            #expect(fixture.registry.sharedWatches.count == 1)

            _ = try await fixture.registry.create(
                maps, namespace: "kube-public", object: Self.configMap("a", namespace: "kube-public"))
            _ = try await fixture.registry.create(maps, namespace: "default", object: Self.configMap("b", namespace: "default"))
            try await fixture.registry.delete(maps, namespace: "default", name: "b")

            #expect(try await Self.take(3, of: all) == ["ADDED a", "ADDED b", "DELETED b"])
            #expect(try await Self.take(2, of: inDefault) == ["ADDED b", "DELETED b"])
        }
        // Both streams are gone with the block; the shared watch ends with the last.
        for _ in 0..<100 where fixture.registry.sharedWatches.count > 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(fixture.registry.sharedWatches.count == 0)
        await fixture.finish()
    }

    @Test func aWatcherBehindTheSharedWatchGetsAWatchOfItsOwn() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        let start = String(try await fixture.revision())
        let first = try await fixture.registry.watchJSON(maps, namespace: "default", resourceVersion: start)
        _ = try await fixture.registry.create(maps, namespace: "default", object: Self.configMap("a", namespace: "default"))
        #expect(try await Self.take(1, of: first) == ["ADDED a"])

        // The shared watch has handed out "a": a watcher from before it needs history, from a watch of its own.
        let behind = try await fixture.registry.watchJSON(maps, namespace: "default", resourceVersion: start)
        _ = try await fixture.registry.create(maps, namespace: "default", object: Self.configMap("b", namespace: "default"))
        #expect(try await Self.take(2, of: behind) == ["ADDED a", "ADDED b"])
        await fixture.finish()
    }

    @Test func aWatcherFromACompactedRevisionExpires() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        let old = try await fixture.revision()
        _ = try await fixture.registry.create(maps, namespace: "default", object: Self.configMap("a", namespace: "default"))
        _ = try await fixture.registry.create(maps, namespace: "default", object: Self.configMap("b", namespace: "default"))
        let current = try await fixture.revision()
        _ = try await fixture.store.compact(current)

        do {
            let events = try await fixture.registry.watchJSON(maps, namespace: "default", resourceVersion: String(old))
            for try await _ in events { Issue.record("a compacted watch reported an event") }
            Issue.record("a compacted watch ended without an error")
        } catch let error as StatusError {
            #expect(error.code == 410)
            #expect(error.message == "too old resource version: \(old) (\(current))")
        }
        await fixture.finish()
    }

    @Test func aWatcherThatFallsTooFarBehindIsEnded() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        let watches = SharedWatches(backlogLimit: 3)
        let prefix = Data(maps.keyPrefix(namespace: nil).utf8)
        let start = try await fixture.revision()
        let open: @Sendable (Revision) async throws -> WatchStream = { [store = fixture.store] from in
            try await store.watch(WatchRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), startRevision: from))
        }
        let encode: @Sendable (WatchEvent) throws -> EncodedObjectEvent? = { event in
            EncodedObjectEvent(type: .added, resourceVersion: String(event.kv.modRevision), json: Array(event.kv.key))
        }
        let joined = try await watches.join(maps, prefix: prefix, from: start + 1, open: open, encode: encode)
        let events = try #require(joined)
        for name in ["a", "b", "c", "d", "e"] {
            _ = try await fixture.registry.create(maps, namespace: "default", object: Self.configMap(name, namespace: "default"))
        }
        // Nothing read while five changes came: the three it could hold, then the end, without an error.
        for _ in 0..<100 where watches.count > 0 { try await Task.sleep(for: .milliseconds(20)) }
        var received: [String] = []
        for try await event in events { received.append(String(decoding: event.json, as: UTF8.self)) }
        #expect(received == ["a", "b", "c"].map { "/registry/configmaps/default/\($0)" })
        #expect(watches.count == 0)
        await fixture.finish()
    }
}
