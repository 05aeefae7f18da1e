import EtcdCore
import Foundation
import KubeAPI
import Testing

/// A whole list read a batch at a time (what the server streams): the same items as the one-read list, all at the
/// first batch's revision, whatever is written while it is read.
@Suite(.serialized) struct RegistryListBatchesTests {
    private func configMap(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]]
    }

    private func collect(_ batches: JSONListBatches) async throws -> [[[UInt8]]] {
        var all: [[[UInt8]]] = []
        for try await batch in batches { all.append(batch) }
        return all
    }

    @Test func batchesHoldTheSameItemsAsTheOneReadList() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        for index in 0..<7 {
            _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("cm-\(index)"))
        }
        let whole = try await fixture.registry.listJSON(maps, namespace: "default")
        let batches = try await fixture.registry.listJSONBatches(maps, namespace: "default", batchSize: 3)
        let read = try await collect(batches)
        #expect(read.map(\.count) == [3, 3, 1])
        #expect(read.flatMap { $0 } == whole.items)
        #expect(batches.resourceVersion == whole.resourceVersion)
        await fixture.finish()
    }

    @Test func writesAfterTheFirstBatchAreNotInTheList() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        for name in ["a", "b", "d"] {
            _ = try await fixture.registry.create(maps, namespace: "default", object: configMap(name))
        }
        let batches = try await fixture.registry.listJSONBatches(maps, namespace: "default", batchSize: 1)
        // Between the first batch and the next: one created in the middle of the range, one deleted.
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("c"))
        _ = try await fixture.registry.delete(maps, namespace: "default", name: "d")
        let names = try await collect(batches).flatMap { $0 }.map { try KubeObject(JSONValue.parse(json: Data($0))).name }
        #expect(names == ["a", "b", "d"])
        await fixture.finish()
    }

    @Test func aBatchWhoseRevisionWasCompactedFailsAsExpired() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        for name in ["a", "b"] {
            _ = try await fixture.registry.create(maps, namespace: "default", object: configMap(name))
        }
        let batches = try await fixture.registry.listJSONBatches(maps, namespace: "default", batchSize: 1)
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("c"))
        _ = try await fixture.store.compact(try await fixture.revision())
        var iterator = batches.makeAsyncIterator()
        #expect(try await iterator.next()?.count == 1)
        let error = await #expect(throws: StatusError.self) { _ = try await iterator.next() }
        #expect(error?.code == 410)
        await fixture.finish()
    }

    @Test func aFutureResourceVersionFailsBeforeAnyBatch() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        let current = try await fixture.revision()
        let error = await #expect(throws: StatusError.self) {
            _ = try await fixture.registry.listJSONBatches(maps, namespace: "default", version: .notOlderThan(current + 5))
        }
        #expect(error?.code == 504)
        #expect(error?.message == "Too large resource version: \(current + 5), current: \(current)")
        await fixture.finish()
    }
}
