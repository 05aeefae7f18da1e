import Foundation
import Testing

@testable import KubeAPI

/// `pods/ephemeralcontainers` as `kubectl debug` uses it, and the `details` every Status of the reasons that have
/// them carries, as kube-apiserver's constructors set it.
@Suite("Registry: ephemeral containers")
struct RegistryEphemeralContainersTests {
    private static func patch(_ containers: [JSONValue]) -> Data {
        JSONValue.object(["spec": ["ephemeralContainers": .array(containers)]]).jsonData()
    }

    @Test func debugAddsAContainerDefaultedAndTouchesNothingElse() async throws {
        let fixture = try await RegistryFixture()
        let pod = try await fixture.create(RegistryFixture.pod("web"))
        let body = JSONValue.object([
            "metadata": ["labels": ["changed": "yes"]],
            "spec": ["ephemeralContainers": [["name": "debugger", "image": "busybox:1.36", "stdin": true, "tty": true]]],
        ]).jsonData()
        let updated = try await fixture.registry.updateEphemeralContainers(
            namespace: "default", name: "web", patchType: .strategicMerge, body: body)
        let container = try #require(updated.json[["spec", "ephemeralContainers"]]?.arrayValue?.first)
        #expect(container["terminationMessagePolicy"] == "File" && container["imagePullPolicy"] == "IfNotPresent")
        #expect(updated.json[["metadata", "labels"]] == pod.json[["metadata", "labels"]])
        #expect(updated.resourceVersion != pod.resourceVersion)
        await fixture.finish()
    }

    @Test func existingOnesMayNotBeChangedOrRemovedAndNamesAreUnique() async throws {
        let fixture = try await RegistryFixture()
        _ = try await fixture.create(RegistryFixture.pod("web"))
        let debugger: JSONValue = ["name": "debugger", "image": "busybox:1.36"]
        _ = try await fixture.registry.updateEphemeralContainers(
            namespace: "default", name: "web", patchType: .merge, body: Self.patch([debugger]))
        let removed = await #expect(throws: StatusError.self) {
            try await fixture.registry.updateEphemeralContainers(namespace: "default", name: "web", patchType: .merge, body: Self.patch([]))
        }
        #expect(removed?.code == 422)
        #expect(removed?.message.contains("existing ephemeral containers \"debugger\" may not be removed") == true, "\(String(describing: removed))")
        let duplicate = await #expect(throws: StatusError.self) {
            try await fixture.registry.updateEphemeralContainers(
                namespace: "default", name: "web", patchType: .merge,
                body: Self.patch([debugger, ["name": "nginx", "image": "busybox", "ports": [["containerPort": 80]]]]))
        }
        #expect(duplicate?.message.contains("spec.ephemeralContainers[1].name: Duplicate value: \"nginx\"") == true, "\(String(describing: duplicate))")
        #expect(duplicate?.message.contains("spec.ephemeralContainers[1].ports: Forbidden: cannot be set for an Ephemeral Container") == true)
        await fixture.finish()
    }

    @Test func statusesOfReasonsWithDetailsCarryThem() {
        #expect(StatusError.unknownPath.status["details"] == .emptyObject)
        #expect(StatusError.methodNotAllowed("no").status["details"] == .emptyObject)
        #expect(StatusError.internalError("boom").status["details"] == ["causes": [["message": "boom"]]])
        #expect(StatusError.badRequest("no").status["details"] == nil)
    }
}
