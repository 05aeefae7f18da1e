import EtcdCore
import Foundation
import KubeAPI
import Testing

/// `Registry.updateStatus`: the `status` subresource kubelets and controllers write through.
@Suite("Registry status subresource", .serialized)
struct RegistryStatusSubresourceTests {
    @Test func updateStatusReplacesOnlyTheStatusAndRecordsTheSubresource() async throws {
        let fixture = try await RegistryFixture()
        let pods = fixture.type("pods")
        let created = try await fixture.create(RegistryFixture.pod("web"))
        #expect(created.json[["status", "phase"]] == "Pending")

        var status = created.json["status"] ?? .emptyObject
        status["phase"] = "Running"
        status["podIP"] = "10.244.0.5"
        let updated = try await fixture.registry.updateStatus(
            pods, namespace: "default", name: "web", status: status, options: WriteOptions(fieldManager: "kubelet"))
        #expect(updated.json[["status", "phase"]] == "Running")
        #expect(updated.spec == created.spec)
        #expect(updated.uid == created.uid)
        #expect(Int64(updated.resourceVersion ?? "")! > Int64(created.resourceVersion ?? "")!)

        let stored = try #require(try await fixture.stored("/registry/pods/default/web"))
        #expect(stored[["status", "podIP"]] == "10.244.0.5")
        let entries = stored[["metadata", "managedFields"]]?.arrayValue ?? []
        let kubelet = try #require(entries.first { $0["manager"] == "kubelet" })
        #expect(kubelet["subresource"] == "status")
        #expect(kubelet[["fieldsV1", "f:status", "f:podIP"]] == .emptyObject)
        #expect(kubelet[["fieldsV1", "f:spec"]] == nil)

        let revision = try await fixture.revision()
        _ = try await fixture.registry.updateStatus(
            pods, namespace: "default", name: "web", status: status, options: WriteOptions(fieldManager: "kubelet"))
        #expect(try await fixture.revision() == revision, "the same status writes nothing")
        await fixture.finish()
    }

    @Test func kindsWithoutAStatusSubresourceAndMissingObjectsAreRefused() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "cfg"]])
        await #expect(throws: StatusError.self) {
            try await fixture.registry.updateStatus(fixture.type("configmaps"), namespace: "default", name: "cfg", status: ["x": "y"])
        }
        let missing = await #expect(throws: StatusError.self) {
            try await fixture.registry.updateStatus(fixture.type("pods"), namespace: "default", name: "nope", status: ["phase": "Running"])
        }
        #expect(missing?.reason == "NotFound")
        await fixture.finish()
    }
}
