import Foundation
import KubeAPI
import Testing

@Suite("Registry: eviction", .serialized)
struct RegistryEvictionTests {
    /// The body `kubectl drain` 1.32 posts to `pods/<name>/eviction`.
    static func eviction(_ name: String, namespace: String = "default", deleteOptions: JSONValue = .emptyObject) -> JSONValue {
        ["kind": "Eviction", "apiVersion": "policy/v1",
         "metadata": ["name": .string(name), "namespace": .string(namespace), "creationTimestamp": .null],
         "deleteOptions": deleteOptions]
    }

    static func pod(in fixture: RegistryFixture, phase: String) async throws -> KubeObject {
        let created = try await fixture.create(RegistryFixture.pod("web"))
        guard phase != "Pending" else { return created }
        return try await fixture.registry.updateStatus(
            fixture.type("pods"), namespace: "default", name: "web", status: ["phase": .string(phase)], options: WriteOptions())
    }

    @Test(arguments: ["Pending", "Running", "Succeeded", "Failed"])
    func evictionDeletesThePod(phase: String) async throws {
        let fixture = try await RegistryFixture()
        let pod = try await Self.pod(in: fixture, phase: phase)
        let evicted = try await fixture.registry.evict(namespace: "default", name: "web", eviction: Self.eviction("web"))
        #expect(evicted.uid == pod.uid)
        #expect(try await fixture.stored("/registry/pods/default/web") == nil)
        await fixture.finish()
    }

    @Test func evictingAMissingPodIsNotFound() async throws {
        let fixture = try await RegistryFixture()
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.evict(namespace: "default", name: "gone", eviction: Self.eviction("gone"))
        }
        #expect(error?.code == 404)
        #expect(error?.message == #"pods "gone" not found"#)
        await fixture.finish()
    }

    @Test func theEvictionMustNameThePodOfTheURL() async throws {
        let fixture = try await RegistryFixture()
        _ = try await Self.pod(in: fixture, phase: "Running")
        let error = await #expect(throws: StatusError.self) {
            try await fixture.registry.evict(namespace: "default", name: "web", eviction: Self.eviction("other"))
        }
        #expect(error?.code == 400)
        #expect(error?.message == "name in URL does not match name in Eviction object")
        #expect(try await fixture.stored("/registry/pods/default/web") != nil)
        await fixture.finish()
    }

    @Test func theDeleteOptionsApply() async throws {
        let fixture = try await RegistryFixture()
        _ = try await Self.pod(in: fixture, phase: "Running")
        let stale = await #expect(throws: StatusError.self) {
            try await fixture.registry.evict(
                namespace: "default", name: "web", eviction: Self.eviction("web", deleteOptions: ["preconditions": ["uid": "not-the-pods"]]))
        }
        #expect(stale?.code == 409)
        try await fixture.registry.evict(namespace: "default", name: "web", eviction: Self.eviction("web", deleteOptions: ["dryRun": ["All"]]))
        try await fixture.registry.evict(namespace: "default", name: "web", eviction: Self.eviction("web"), dryRun: true)
        #expect(try await fixture.stored("/registry/pods/default/web") != nil, "a dry run deletes nothing")
        await fixture.finish()
    }

    @Test func aPodHeldByAFinalizerIsMarked() async throws {
        let fixture = try await RegistryFixture()
        var pod = RegistryFixture.pod("web")
        pod[["metadata", "finalizers"]] = ["example.com/hold"]
        try await fixture.create(pod)
        let evicted = try await fixture.registry.evict(namespace: "default", name: "web")
        #expect(evicted.deletionTimestamp != nil)
        #expect(try await fixture.stored("/registry/pods/default/web") != nil)
        await fixture.finish()
    }
}
