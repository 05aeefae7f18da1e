import Controllers
import Foundation
import KubeAPI
import Testing

/// The taint eviction controller on NoExecute taints set by hand, and the pod garbage collector
/// (`pkg/controller/tainteviction`, `pkg/controller/podgc`).
@Suite(.serialized) struct TaintEvictionAndPodGCTests {
    private typealias F = NodeLifecycleFixtures

    private static func pod(_ name: String, node: String, tolerations: [JSONValue] = []) -> JSONValue {
        var pod = KubeletFixtures.pod(name, node: node)
        if !tolerations.isEmpty { pod["spec"]?["tolerations"] = .array(tolerations) }
        return pod
    }

    private static func maintenance(seconds: Int64? = nil) -> JSONValue {
        var toleration: JSONValue = ["key": "example.com/maintenance", "operator": "Exists", "effect": "NoExecute"]
        if let seconds { toleration["tolerationSeconds"] = .int(seconds) }
        return toleration
    }

    private static func taint(_ harness: ClusterHarness, _ node: String, _ taints: JSONValue) async throws {
        _ = try await harness.registry.patch(
            BuiltinResources.nodes, namespace: nil, name: node, patchType: .merge,
            body: (["spec": ["taints": taints]] as JSONValue).jsonData())
    }

    private static func eventMessages(_ harness: ClusterHarness, reason: String) async throws -> [String] {
        try await F.events(harness).filter { $0.json["reason"] == .string(reason) }.compactMap { $0.json["message"]?.stringValue }
    }

    @Test func noExecuteTaintEvictsPodsByTheirTolerations() async throws {
        let harness = try await F.cluster(nodes: ["node01"])
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.pods, Self.pod("plain", node: "node01"))
        try await harness.create(BuiltinResources.pods, Self.pod("minute", node: "node01", tolerations: [Self.maintenance(seconds: 60)]))
        try await harness.create(BuiltinResources.pods, Self.pod("forever", node: "node01", tolerations: [Self.maintenance()]))
        try await harness.settle()
        let tainted = harness.clock.now()
        try await Self.taint(harness, "node01", [["key": "example.com/maintenance", "effect": "NoExecute"]])
        try await harness.settle()

        let messages = try await Self.eventMessages(harness, reason: "TaintManagerEviction")
        #expect(messages == ["Marking for deletion Pod default/plain", "Marking for deletion Pod default/minute"])
        let evictions = try await F.events(harness).filter { $0.json["reason"] == "TaintManagerEviction" }
        #expect(evictions.first?.json["firstTimestamp"] == .string(RFC3339Timestamp.string(from: tainted)))
        #expect(evictions.last?.json["firstTimestamp"] == .string(RFC3339Timestamp.string(from: tainted.addingTimeInterval(60))))
        // The kubelet stopped and deleted the two; the one tolerating the taint for ever stays.
        let names = try await harness.list(BuiltinResources.pods).map(\.name)
        #expect(names == ["forever"])
    }

    @Test func removedTaintCancelsAScheduledEviction() async throws {
        let harness = try await F.cluster(nodes: ["node01"])
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.pods, Self.pod("patient", node: "node01", tolerations: [Self.maintenance(seconds: 600)]))
        try await harness.settle()
        try await Self.taint(harness, "node01", [["key": "example.com/maintenance", "effect": "NoExecute"]])
        // The loops act now, without moving the clock to the eviction.
        _ = try await harness.manager.settle(on: harness.clock, advancingClock: false)
        try await Self.taint(harness, "node01", .null)
        try await harness.settle()
        #expect(try await Self.eventMessages(harness, reason: "TaintManagerEviction") == ["Cancelling deletion of Pod default/patient"])
        #expect(try await harness.get(BuiltinResources.pods, "patient").deletionTimestamp == nil)
    }

    @Test func deletedNodesPodsAreForceDeletedAfterTheQuarantine() async throws {
        let harness = try await F.cluster(nodes: ["node01", "node02"])
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.pods, Self.pod("orphan", node: "node02"))
        try await harness.create(BuiltinResources.pods, Self.pod("kept", node: "node01"))
        try await harness.settle()
        let revision = try await harness.revision()
        let watch = try await harness.registry.watch(BuiltinResources.pods, namespace: "default", resourceVersion: String(revision))
        _ = try await harness.registry.delete(BuiltinResources.nodes, namespace: nil, name: "node02")
        let report = try await harness.settle()
        #expect(report.elapsed == 40)
        #expect(try await harness.list(BuiltinResources.pods).map(\.name) == ["kept"])
        // Marked Failed with the DisruptionTarget condition, then deleted at once (grace period 0).
        var seen: [ObjectEvent] = []
        for try await event in watch where event.object.name == "orphan" {
            seen.append(event)
            if event.type == .deleted { break }
        }
        #expect(seen.map(\.type) == [.modified, .deleted])
        let failed = try #require(seen.first?.object)
        #expect(failed.json[["status", "phase"]] == "Failed")
        let condition = KubeletFixtures.conditions(failed)["DisruptionTarget"]
        #expect(condition?["status"] == "True" && condition?["reason"] == "DeletionByPodGC")
        #expect(condition?["message"] == "PodGC: node no longer exists")
    }

    @Test func terminatedPodsBeyondTheThresholdAreDeletedOldestFirst() async throws {
        var configuration = ControlPlaneConfiguration()
        configuration.terminatedPodGCThreshold = 2
        let harness = try await ClusterHarness(controllers: ControlPlane.controllers(configuration))
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: KubeletFixtures.node("node01"))
        for (index, name) in ["first", "second", "third"].enumerated() {
            var pod = KubeletFixtures.pod(
                name, node: "node01",
                containers: [KubeletFixtures.container("done", image: "busybox:1.36", command: ["true"])], restartPolicy: "Never",
                annotations: ["kubesim.io/run-duration": "\(index + 1)s"])
            pod["metadata"]?["labels"] = ["app": "batch"]
            try await harness.create(BuiltinResources.pods, pod)
            try await harness.settle()
        }
        let names = try await F.pods(harness, label: "batch").map(\.name)
        #expect(names == ["second", "third"])
    }
}
