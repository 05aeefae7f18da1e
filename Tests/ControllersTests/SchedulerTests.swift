import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct SchedulerTests {
    @Test func bindsAPodToANodeItFitsWithAScheduledEvent() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("worker-1")
        try await cluster.pod("web")
        try await cluster.harness.settle()
        #expect(try await cluster.nodeName("web") == "worker-1")
        let condition = try await cluster.podScheduled("web")
        #expect(condition?["status"] == "True")
        #expect(condition?["lastTransitionTime"]?.stringValue != nil)
        let events = try await cluster.events("web")
        #expect(events.map(\.reason) == ["Scheduled"])
        #expect(events.first?.message == "Successfully assigned default/web to worker-1")
    }

    @Test func avoidsTheControlPlaneTaintUnlessTolerated() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("control-plane", cpu: "64", labels: ["node-role.kubernetes.io/control-plane": ""],
                               taints: [SchedulerTestCluster.controlPlaneTaint])
        try await cluster.node("worker-1")
        try await cluster.pod("web")
        try await cluster.pod(
            "tolerant",
            spec: [
                "nodeSelector": ["node-role.kubernetes.io/control-plane": ""],
                "tolerations": [["key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"]],
            ])
        try await cluster.harness.settle()
        #expect(try await cluster.nodeName("web") == "worker-1")
        #expect(try await cluster.nodeName("tolerant") == "control-plane")
    }

    @Test func avoidsCordonedNodes() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("worker-1", cpu: "64", unschedulable: true)
        try await cluster.node("worker-2")
        for index in 0..<3 { try await cluster.pod("web-\(index)") }
        try await cluster.harness.settle()
        for index in 0..<3 { #expect(try await cluster.nodeName("web-\(index)") == "worker-2") }
    }

    @Test func honoursNodeSelectorAndRequiredNodeAffinity() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("ssd-1", labels: ["disk": "ssd", "zone": "a"])
        try await cluster.node("hdd-1", labels: ["disk": "hdd", "zone": "b"])
        try await cluster.pod("selected", spec: ["nodeSelector": ["disk": "hdd"]])
        let affinity: JSONValue = [
            "nodeAffinity": [
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    "nodeSelectorTerms": [["matchExpressions": [["key": "zone", "operator": "In", "values": ["a"]]]]]
                ]
            ]
        ]
        try await cluster.pod("affine", spec: ["affinity": affinity])
        try await cluster.pod("nowhere", spec: ["nodeSelector": ["disk": "nvme"]])
        try await cluster.harness.settle()
        #expect(try await cluster.nodeName("selected") == "hdd-1")
        #expect(try await cluster.nodeName("affine") == "ssd-1")
        #expect(try await cluster.nodeName("nowhere") == nil)
        #expect(
            try await cluster.podScheduled("nowhere")?["message"]
                == "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
    }

    @Test func aPodTooBigForAnyNodeStaysPendingWithKubeSchedulersMessage() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("control-plane", taints: [SchedulerTestCluster.controlPlaneTaint])
        try await cluster.node("worker-1")
        try await cluster.node("worker-2")
        try await cluster.pod("huge", cpu: "64")
        let report = try await cluster.harness.settle()
        #expect(report.settled)
        let message =
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."
        #expect(try await cluster.nodeName("huge") == nil)
        let condition = try await cluster.podScheduled("huge")
        #expect(condition?["status"] == "False")
        #expect(condition?["reason"] == "Unschedulable")
        #expect(condition?["message"]?.stringValue == message)
        let pod = try await cluster.get("huge")
        #expect(pod.metadata["managedFields"]?.arrayValue?.contains { $0["manager"] == "kube-scheduler" && $0["subresource"] == "status" } == true)
        let events = try await cluster.events("huge")
        #expect(events.map(\.reason) == ["FailedScheduling"])
        #expect(events.first?.message == message)
        // Nothing changed, so nothing is tried again: the cluster stays where it settled.
        let settled = try await cluster.harness.revision()
        try await cluster.harness.settle()
        #expect(try await cluster.harness.revision() == settled)
    }

    @Test func podsBoundEarlierInASettleCountAgainstTheNode() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("worker-1", cpu: "2")
        try await cluster.pod("a", cpu: "1500m")
        try await cluster.pod("b", cpu: "1500m")
        try await cluster.harness.settle()
        #expect(try await cluster.nodeName("a") == "worker-1")
        #expect(try await cluster.nodeName("b") == nil)
        #expect(
            try await cluster.podScheduled("b")?["message"]
                == "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.")
    }

    @Test func countsPodsAgainstAllocatablePods() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("worker-1", pods: 1)
        try await cluster.pod("a")
        try await cluster.pod("b")
        try await cluster.harness.settle()
        #expect(try await cluster.nodeName("b") == nil)
        #expect(
            try await cluster.podScheduled("b")?["message"]
                == "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.")
    }

    @Test func requiredAntiAffinitySpreadsPodsOneANode() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("worker-1")
        try await cluster.node("worker-2")
        let affinity: JSONValue = [
            "podAntiAffinity": [
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    ["labelSelector": ["matchLabels": ["app": "cache"]], "topologyKey": "kubernetes.io/hostname"]
                ]
            ]
        ]
        for index in 0..<3 { try await cluster.pod("cache-\(index)", labels: ["app": "cache"], spec: ["affinity": affinity]) }
        try await cluster.harness.settle()
        let nodes = try await [cluster.nodeName("cache-0"), cluster.nodeName("cache-1")]
        #expect(Set(nodes.compactMap { $0 }) == ["worker-1", "worker-2"])
        #expect(try await cluster.nodeName("cache-2") == nil)
        #expect(
            try await cluster.podScheduled("cache-2")?["message"]
                == "0/2 nodes are available: 2 node(s) didn't match pod anti-affinity rules. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.")
    }

    @Test func leastAllocatedSpreadsPodsAcrossEqualNodes() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("worker-1")
        try await cluster.node("worker-2")
        for index in 0..<4 { try await cluster.pod("web-\(index)", cpu: "500m", memory: "256Mi") }
        try await cluster.harness.settle()
        var perNode: [String: Int] = [:]
        for index in 0..<4 { perNode[try await cluster.nodeName("web-\(index)") ?? "", default: 0] += 1 }
        #expect(perNode == ["worker-1": 2, "worker-2": 2])
    }

    @Test func aPendingPodIsScheduledWhenANodeJoins() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.pod("web")
        try await cluster.harness.settle()
        #expect(try await cluster.podScheduled("web")?["message"] == "no nodes available to schedule pods")
        try await cluster.node("worker-1")
        try await cluster.harness.settle()
        #expect(try await cluster.nodeName("web") == "worker-1")
        #expect(try await cluster.podScheduled("web")?["status"] == "True")
        #expect(try await cluster.events("web").map(\.reason) == ["FailedScheduling", "Scheduled"])
    }

    @Test func leavesPodsOfOtherSchedulersAlone() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("worker-1")
        try await cluster.pod("custom", spec: ["schedulerName": "my-scheduler"])
        try await cluster.harness.settle()
        #expect(try await cluster.nodeName("custom") == nil)
        #expect(try await cluster.podScheduled("custom") == nil)
        #expect(try await cluster.events("custom").isEmpty)
    }

    @Test func preemptsALowerPriorityPodToMakeRoom() async throws {
        let cluster = try await SchedulerTestCluster()
        defer { Task { await cluster.finish() } }
        try await cluster.node("worker-1", cpu: "2")
        try await cluster.pod("low", cpu: "1500m")
        try await cluster.harness.settle()
        _ = try await cluster.harness.registry.create(
            BuiltinResources.priorityClasses, namespace: nil,
            object: ["apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": ["name": "high"], "value": 1000])
        try await cluster.pod("high", cpu: "1500m", spec: ["priorityClassName": "high"])
        try await cluster.harness.settle()
        // The victim is deleted gracefully and the preemptor nominated to its node, waiting for the room.
        #expect(try await cluster.get("low").deletionTimestamp != nil)
        #expect(try await cluster.get("high").json[["status", "nominatedNodeName"]] == "worker-1")
        #expect(try await cluster.events("low").map(\.reason).contains("Preempted"))
        // Its kubelet (not run here) ends it; then the preemptor is bound.
        try await cluster.harness.registry.delete(
            BuiltinResources.pods, namespace: "default", name: "low", options: DeleteOptions(gracePeriodSeconds: 0))
        try await cluster.harness.settle()
        #expect(try await cluster.nodeName("high") == "worker-1")
        let high = try await cluster.events("high")
        #expect(high.map(\.reason) == ["FailedScheduling", "Scheduled"])
        #expect(high.first?.message == "0/1 nodes are available: 1 Insufficient cpu.")
    }
}
