import Foundation
import KubeAPI
import Testing

/// The kinds the control plane writes for itself: their etcd keys, what create does to them, and the
/// required fields their validation checks.
@Suite("Registry: control-plane kinds", .serialized)
struct ControlPlaneKindsTests {
    @Test(arguments: [
        ("apiservices", "apiregistration.k8s.io/v1", false, "/registry/apiregistration.k8s.io/apiservices/"),
        ("endpointslices", "discovery.k8s.io/v1", true, "/registry/endpointslices/"),
        ("controllerrevisions", "apps/v1", true, "/registry/controllerrevisions/"),
        ("csinodes", "storage.k8s.io/v1", false, "/registry/csinodes/"),
        ("pc", "scheduling.k8s.io/v1", false, "/registry/priorityclasses/"),
        ("flowschemas", "flowcontrol.apiserver.k8s.io/v1", false, "/registry/flowschemas/"),
        ("prioritylevelconfigurations", "flowcontrol.apiserver.k8s.io/v1", false, "/registry/prioritylevelconfigurations/"),
        ("csr", "certificates.k8s.io/v1", false, "/registry/certificatesigningrequests/"),
    ])
    func catalogKnowsTheKindWithItsEtcdPrefix(name: String, apiVersion: String, namespaced: Bool, prefix: String) throws {
        let type = try #require(ResourceCatalog().type(named: name))
        #expect(type.apiVersion == apiVersion)
        #expect(type.namespaced == namespaced)
        #expect(type.keyPrefix(namespace: nil) == prefix)
    }

    @Test func apiServiceIsNamedAfterItsVersionAndGroupAndGetsStatusOnlyThroughTheSubresource() async throws {
        let fixture = try await RegistryFixture()
        let service: JSONValue = [
            "apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService", "metadata": ["name": "v1."],
            "spec": ["version": "v1", "groupPriorityMinimum": 18000, "versionPriority": 1],
            "status": ["conditions": [["type": "Available", "status": "True"]]],
        ]
        let created = try await fixture.create(service)
        #expect(created.json["status"] == nil)
        #expect(try await fixture.stored("/registry/apiregistration.k8s.io/apiservices/v1.") != nil)
        let updated = try await fixture.registry.updateStatus(
            fixture.type("apiservices"), namespace: nil, name: "v1.", status: ["conditions": [["type": "Available", "status": "True"]]])
        #expect(updated.json[["status", "conditions"]]?.arrayValue?.count == 1)

        var wrong = service
        wrong[["metadata", "name"]] = "v1.apps"
        await #expect(throws: StatusError.self) { try await fixture.create(wrong) }
        await fixture.finish()
    }

    @Test func priorityClassNamesWithTheSystemPrefixAreReserved() async throws {
        let fixture = try await RegistryFixture()
        func priorityClass(_ name: String, _ value: Int64) -> JSONValue {
            ["apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": ["name": .string(name)], "value": .int(value)]
        }
        try await fixture.create(priorityClass("system-node-critical", 2_000_001_000))
        try await fixture.create(priorityClass("high", 1_000_000))
        await #expect(throws: StatusError.self) { try await fixture.create(priorityClass("system-mine", 10)) }
        await #expect(throws: StatusError.self) { try await fixture.create(priorityClass("too-high", 2_000_000_000)) }
        await fixture.finish()
    }

    @Test func requiredFieldsAreChecked() async throws {
        let fixture = try await RegistryFixture()
        let slice: JSONValue = ["apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": ["name": "s"]]
        await #expect(throws: StatusError.self) { try await fixture.create(slice) }
        let schema: JSONValue = ["apiVersion": "flowcontrol.apiserver.k8s.io/v1", "kind": "FlowSchema", "metadata": ["name": "f"], "spec": .emptyObject]
        await #expect(throws: StatusError.self) { try await fixture.create(schema) }
        let level: JSONValue = [
            "apiVersion": "flowcontrol.apiserver.k8s.io/v1", "kind": "PriorityLevelConfiguration", "metadata": ["name": "l"],
            "spec": ["type": "Sometimes"],
        ]
        await #expect(throws: StatusError.self) { try await fixture.create(level) }
        let request: JSONValue = [
            "apiVersion": "certificates.k8s.io/v1", "kind": "CertificateSigningRequest", "metadata": ["name": "r"], "spec": .emptyObject,
        ]
        await #expect(throws: StatusError.self) { try await fixture.create(request) }
        await fixture.finish()
    }
}
