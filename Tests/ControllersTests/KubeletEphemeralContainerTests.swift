import Controllers
import Foundation
import KubeAPI
import Testing

/// The kubelet simulator and `kubectl debug`'s ephemeral containers.
@Suite(.serialized) struct KubeletEphemeralContainerTests {
    private typealias F = KubeletFixtures

    @Test func anEphemeralContainerAddedToARunningPodIsReportedRunning() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        _ = try await harness.registry.create(
            BuiltinResources.pods, namespace: "default", object: F.pod("web", containers: [["name": "nginx", "image": "nginx"]]))
        #expect(try await harness.settle().settled)
        let body = JSONValue.object(["spec": ["ephemeralContainers": [["name": "debugger", "image": "busybox:1.36"]]]]).jsonData()
        _ = try await harness.registry.updateEphemeralContainers(namespace: "default", name: "web", patchType: .strategicMerge, body: body)
        #expect(try await harness.settle().settled)

        let pod = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web")
        let status = try #require(pod.json[["status", "ephemeralContainerStatuses"]]?.arrayValue?.first)
        #expect(status["name"] == "debugger" && status["image"] == "docker.io/library/busybox:1.36")
        #expect(status["state"]?["running"]?["startedAt"] != nil && status["ready"] == false && status["restartCount"] == 0)
        #expect((status["containerID"]?.stringValue ?? "").hasPrefix("containerd://"))
        // Reported once: a settled pod stays at its revision.
        let revision = pod.resourceVersion
        #expect(try await harness.settle().settled)
        #expect(try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web").resourceVersion == revision)
    }
}
