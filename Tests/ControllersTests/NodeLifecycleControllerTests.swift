import Controllers
import Foundation
import KubeAPI
import Testing

/// The node lifecycle controller, the taint eviction controller and the simulated kubelets together, as
/// kube-controller-manager 1.32 behaves when a node's kubelet stops (`pkg/controller/nodelifecycle`,
/// `pkg/controller/tainteviction`).
@Suite(.serialized) struct NodeLifecycleControllerTests {
    private typealias F = NodeLifecycleFixtures
    private static let unreachable = "node.kubernetes.io/unreachable"

    @Test func stoppedKubeletMakesTheNodeUnknownAfterTheGracePeriodAndItsPodsMoveAfterTheirToleration() async throws {
        let harness = try await F.cluster()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment("web", replicas: 3))
        try await harness.settle()
        let before = try await F.pods(harness, label: "web")
        let stranded = before.filter { $0.spec?["nodeName"] == "node01" }.map(\.name)
        #expect(!stranded.isEmpty && before.allSatisfy { $0.json[["status", "phase"]] == "Running" })
        let lease = try await harness.registry.get(BuiltinResources.leases, namespace: "kube-node-lease", name: "node01")
        let renewed = try #require(F.date(lease.spec?["renewTime"]))
        let posted = try #require(F.date(F.condition(try await F.node(harness, "node01"), "Ready")?["lastHeartbeatTime"]))
        // The kubelet was last heard from when it renewed its lease or posted its status, whichever was later.
        let heard = max(renewed, posted)

        try await F.setKubelet(harness, "node01", stopped: true)
        try await harness.settle()

        let node = try await F.node(harness, "node01")
        let ready = try #require(F.condition(node, "Ready"))
        #expect(ready["status"] == "Unknown")
        #expect(ready["reason"] == "NodeStatusUnknown")
        #expect(ready["message"] == "Kubelet stopped posting node status.")
        let unknownAt = try #require(F.date(ready["lastTransitionTime"]))
        // The grace period (`--node-monitor-grace-period`, 50 s in 1.32) runs from then.
        #expect(unknownAt.timeIntervalSince(heard) == 50)
        for type in ["MemoryPressure", "DiskPressure", "PIDPressure"] {
            let condition = F.condition(node, type)
            #expect(condition?["status"] == "Unknown" && condition?["reason"] == "NodeStatusUnknown", "\(type)")
            #expect(condition?["lastTransitionTime"] == ready["lastTransitionTime"])
        }
        // The heartbeat stays the kubelet's last.
        #expect(F.date(ready["lastHeartbeatTime"]) == posted)
        let stamp = JSONValue.string(RFC3339Timestamp.string(from: unknownAt))
        #expect(
            node.spec?["taints"] == [
                ["key": .string(Self.unreachable), "effect": "NoSchedule", "timeAdded": stamp],
                ["key": .string(Self.unreachable), "effect": "NoExecute", "timeAdded": stamp],
            ])

        let events = try await F.events(harness)
        let nodeEvents = events.filter { $0.json[["involvedObject", "name"]] == "node01" && $0.json["reason"] == "NodeNotReady" }
        #expect(nodeEvents.count == 1)
        #expect(nodeEvents.first?.json["message"] == "Node node01 status is now: NodeNotReady")
        #expect(nodeEvents.first?.json[["source", "component"]] == "node-controller")
        #expect(nodeEvents.first?.json[["involvedObject", "kind"]] == "Node")
        for name in stranded {
            let podEvents = events.filter { $0.json[["involvedObject", "name"]] == .string(name) }
            let notReady = podEvents.first { $0.json["reason"] == "NodeNotReady" }
            #expect(notReady?.json["type"] == "Warning" && notReady?.json["message"] == "Node is not ready", "\(name)")
            let eviction = try #require(podEvents.first { $0.json["reason"] == "TaintManagerEviction" })
            #expect(eviction.json["message"] == .string("Marking for deletion Pod default/\(name)"))
            #expect(eviction.json[["source", "component"]] == "taint-eviction-controller")
            // DefaultTolerationSeconds gave the pod 300 s on an unreachable node.
            #expect(F.date(eviction.json["firstTimestamp"]).map { $0.timeIntervalSince(unknownAt) } == 300)
        }

        let after = try await F.pods(harness, label: "web")
        let evicted = after.filter { stranded.contains($0.name) }
        // The stopped kubelet cannot finish them: they stay Terminating, as on a real cluster.
        #expect(evicted.count == stranded.count && evicted.allSatisfy { $0.deletionTimestamp != nil })
        for pod in evicted {
            let conditions = KubeletFixtures.conditions(pod)
            #expect(conditions["Ready"]?["status"] == "False")
            #expect(conditions["DisruptionTarget"]?["status"] == "True")
            #expect(conditions["DisruptionTarget"]?["reason"] == "DeletionByTaintManager")
            #expect(conditions["DisruptionTarget"]?["message"] == "Taint manager: deleting due to NoExecute taint")
        }
        let replacements = after.filter { $0.deletionTimestamp == nil }
        #expect(replacements.count == 3)
        #expect(replacements.allSatisfy { $0.spec?["nodeName"] != "node01" && $0.json[["status", "phase"]] == "Running" })
    }

    @Test func startedKubeletMakesTheNodeReadyAgainAndTheTaintsGo() async throws {
        let harness = try await F.cluster()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment("web", replicas: 3))
        try await harness.settle()
        try await F.setKubelet(harness, "node01", stopped: true)
        try await harness.settle()
        #expect(F.condition(try await F.node(harness, "node01"), "Ready")?["status"] == "Unknown")

        try await F.setKubelet(harness, "node01", stopped: false)
        try await harness.settle()
        let node = try await F.node(harness, "node01")
        let ready = F.condition(node, "Ready")
        #expect(ready?["status"] == "True" && ready?["reason"] == "KubeletReady")
        #expect(node.spec?["taints"] == nil)
        // Its kubelet finishes the pods evicted while it was away; the Deployment keeps its three elsewhere.
        let pods = try await F.pods(harness, label: "web")
        #expect(pods.count == 3 && pods.allSatisfy { $0.deletionTimestamp == nil }, "\(pods.map(\.name))")
        let revision = try await harness.revision()
        try await harness.settle()
        #expect(try await harness.revision() == revision)
    }

    @Test func runningKubeletsKeepTheirNodesReadyAsTimePasses() async throws {
        let harness = try await F.cluster(nodes: ["node01", "node02"])
        defer { Task { await harness.finish() } }
        let start = harness.clock.now()
        try await harness.settle(advancing: 600)
        for name in ["node01", "node02"] {
            let node = try await F.node(harness, name)
            #expect(F.condition(node, "Ready")?["status"] == "True")
            #expect(node.spec?["taints"] == nil)
        }
        let lease = try await harness.registry.get(BuiltinResources.leases, namespace: "kube-node-lease", name: "node02")
        #expect(F.date(lease.spec?["renewTime"]).map { start.addingTimeInterval(590) <= $0 } == true)
    }

    @Test func aLoneStoppedNodeIsNotTaintedForEviction() async throws {
        // Every zone fully down: the controller trusts no node's silence and evicts nothing.
        let harness = try await F.cluster(nodes: ["node01"])
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment("web", replicas: 1))
        try await harness.settle()
        try await F.setKubelet(harness, "node01", stopped: true)
        let report = try await harness.settle()
        #expect(report.elapsed <= 60)
        let node = try await F.node(harness, "node01")
        #expect(F.condition(node, "Ready")?["status"] == "Unknown")
        let taints = node.spec?["taints"]?.arrayValue ?? []
        #expect(taints.map { $0["effect"] } == ["NoSchedule"] && taints.first?["key"] == .string(Self.unreachable))
        #expect(try await F.pods(harness, label: "web").allSatisfy { $0.deletionTimestamp == nil })
    }

    @Test func nodeThatNeverPostedStatusBecomesUnknownAfterTheStartupGracePeriod() async throws {
        let harness = try await F.cluster(nodes: ["node01"])
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.create(
            BuiltinResources.nodes, namespace: nil, object: KubeletFixtures.node("ghost", annotations: ["kubesim.io/kubelet": "none"]))
        let created = harness.clock.now()
        try await harness.settle()
        let node = try await F.node(harness, "ghost")
        let conditions = node.json[["status", "conditions"]]?.arrayValue ?? []
        #expect(conditions.map { $0["type"] } == ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"])
        #expect(conditions.allSatisfy { $0["status"] == "Unknown" && $0["reason"] == "NodeStatusNeverUpdated" })
        #expect(conditions.first?["message"] == "Kubelet never posted node status.")
        #expect(F.date(conditions.first?["lastTransitionTime"]).map { $0.timeIntervalSince(created) } == 60)
        #expect(conditions.first?["lastHeartbeatTime"] == .string(node.creationTimestamp ?? ""))
        #expect((node.spec?["taints"]?.arrayValue ?? []).map { $0["effect"] } == ["NoSchedule", "NoExecute"])
    }

    @Test func cordonedNodeGetsTheUnschedulableTaint() async throws {
        let harness = try await F.cluster(nodes: ["node01"])
        defer { Task { await harness.finish() } }
        _ = try await harness.registry.patch(
            BuiltinResources.nodes, namespace: nil, name: "node01", patchType: .merge,
            body: (["spec": ["unschedulable": true]] as JSONValue).jsonData())
        try await harness.settle()
        let taints = try await F.node(harness, "node01").spec?["taints"]?.arrayValue ?? []
        #expect(taints.count == 1)
        #expect(taints.first?["key"] == "node.kubernetes.io/unschedulable" && taints.first?["effect"] == "NoSchedule")
        #expect(taints.first?["timeAdded"] == .string(RFC3339Timestamp.string(from: harness.clock.now())))
        _ = try await harness.registry.patch(
            BuiltinResources.nodes, namespace: nil, name: "node01", patchType: .merge,
            body: (["spec": ["unschedulable": .null]] as JSONValue).jsonData())
        try await harness.settle()
        #expect(try await F.node(harness, "node01").spec?["taints"] == nil)
    }
}
