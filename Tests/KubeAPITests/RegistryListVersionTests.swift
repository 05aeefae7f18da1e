import EtcdCore
import Foundation
import KubeAPI
import Testing

/// `resourceVersion` / `resourceVersionMatch` on lists: the latest state, at least a revision, or exactly one.
@Suite(.serialized) struct RegistryListVersionTests {
    private func configMap(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]]
    }

    @Test func exactReadsAnOldStateAndNotOlderThanTheLatest() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("a"))
        let afterFirst = try await fixture.revision()
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("b"))

        let old = try await fixture.registry.list(maps, namespace: "default", version: .exact(afterFirst))
        #expect(old.items.map(\.name) == ["a"])
        #expect(old.resourceVersion == String(afterFirst))
        let latest = try await fixture.registry.list(maps, namespace: "default", version: .notOlderThan(afterFirst))
        #expect(latest.items.map(\.name) == ["a", "b"])
        await fixture.finish()
    }

    @Test func futureRevisionsTimeOutAndCompactedOnesExpire() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("a"))
        let current = try await fixture.revision()
        for version in [ListVersion.exact(current + 10), .notOlderThan(current + 10)] {
            do {
                _ = try await fixture.registry.list(maps, namespace: "default", version: version)
                Issue.record("\(version) must fail")
            } catch let error as StatusError {
                #expect(error.code == 504)
                #expect(error.message == "Too large resource version: \(current + 10), current: \(current)")
            }
        }
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("b"))
        _ = try await fixture.store.compact(try await fixture.revision())
        do {
            _ = try await fixture.registry.list(maps, namespace: "default", version: .exact(current))
            Issue.record("a compacted revision must fail")
        } catch let error as StatusError {
            #expect(error.code == 410)
            #expect(error.message == "The resourceVersion for the provided list is too old.")
        }
        await fixture.finish()
    }
}
