import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct KubeletDeletionTests {
    private typealias F = KubeletFixtures

    private func runningPod(_ harness: ClusterHarness, annotations: [String: String] = [:]) async throws {
        _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: F.node("node01"))
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: F.pod("web", annotations: annotations))
        try await harness.settle()
    }

    @Test func deletingARunningPodMarksItThenItsKubeletStopsAndDeletesIt() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await runningPod(harness)
        let now = harness.clock.now()
        let marked = try await harness.registry.delete(BuiltinResources.pods, namespace: "default", name: "web")
        #expect(marked.deletionTimestamp == RFC3339Timestamp.string(from: now.addingTimeInterval(30)))
        #expect(marked.metadata["deletionGracePeriodSeconds"] == 30)
        let stillThere = try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web")
        #expect(stillThere.deletionTimestamp != nil)

        let report = try await harness.settle()
        #expect(report.elapsed == 0.5)
        await #expect(throws: StatusError.self) {
            try await harness.registry.get(BuiltinResources.pods, namespace: "default", name: "web")
        }
        let killing = try #require(try await F.events(harness, about: "web").last)
        #expect(killing.json["reason"] == "Killing")
        #expect(killing.json["message"] == "Stopping container nginx")
        #expect(killing.json[["involvedObject", "fieldPath"]] == "spec.containers{nginx}")
    }

    @Test func containersThatIgnoreSIGTERMAreKilledAtTheEndOfTheGracePeriod() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await runningPod(harness, annotations: ["kubesim.io/ignore-sigterm": "true"])
        _ = try await harness.registry.delete(
            BuiltinResources.pods, namespace: "default", name: "web", options: DeleteOptions(gracePeriodSeconds: 10))
        let report = try await harness.settle()
        #expect(report.elapsed == 10)
    }

    @Test func unboundPodsAndZeroGracePeriodDeleteAtOnce() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await runningPod(harness)
        var unbound = F.pod("pending")
        unbound[["spec", "nodeName"]] = nil
        _ = try await harness.registry.create(BuiltinResources.pods, namespace: "default", object: unbound)
        _ = try await harness.registry.delete(BuiltinResources.pods, namespace: "default", name: "pending")
        _ = try await harness.registry.delete(
            BuiltinResources.pods, namespace: "default", name: "web", options: DeleteOptions(gracePeriodSeconds: 0))
        let left = try await harness.registry.list(BuiltinResources.pods, namespace: "default")
        #expect(left.items.isEmpty)
    }

    @Test func aSecondDeleteOnlyShortensTheGracePeriod() async throws {
        let harness = try await F.harness()
        defer { Task { await harness.finish() } }
        try await runningPod(harness, annotations: ["kubesim.io/ignore-sigterm": "true"])
        let first = try await harness.registry.delete(BuiltinResources.pods, namespace: "default", name: "web")
        let again = try await harness.registry.delete(BuiltinResources.pods, namespace: "default", name: "web")
        #expect(again.deletionTimestamp == first.deletionTimestamp)
        let shorter = try await harness.registry.delete(
            BuiltinResources.pods, namespace: "default", name: "web", options: DeleteOptions(gracePeriodSeconds: 5))
        #expect(shorter.metadata["deletionGracePeriodSeconds"] == 5)
        #expect(shorter.deletionTimestamp == RFC3339Timestamp.string(from: harness.clock.now().addingTimeInterval(5)))
    }
}
