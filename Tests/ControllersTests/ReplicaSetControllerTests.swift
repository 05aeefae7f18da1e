@testable import Controllers
import Foundation
import KubeAPI
import Testing

@Suite(.serialized) struct ReplicaSetControllerTests {
    private let replicaSets = BuiltinResources.replicaSets
    private let pods = BuiltinResources.pods

    private func replicaSet(_ name: String = "front", replicas: Int64 = 3, minReadySeconds: Int64 = 0) -> JSONValue {
        var spec: JSONValue = [
            "replicas": .int(replicas),
            "selector": ["matchLabels": ["tier": .string(name)]],
            "template": [
                "metadata": ["labels": ["tier": .string(name)]],
                "spec": ["containers": [["name": "php", "image": "php:8"]]],
            ],
        ]
        if minReadySeconds > 0 { spec["minReadySeconds"] = .int(minReadySeconds) }
        return ["apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": ["name": .string(name)], "spec": spec]
    }

    private func pod(_ name: String, labels: JSONValue) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "labels": labels],
            "spec": ["containers": [["name": "php", "image": "php:8"]]],
        ]
    }

    @Test func createsPodsWithEventsAndReplacesADeletedOne() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(replicaSets, replicaSet())
        try await harness.settle()
        let rs = try await harness.get(replicaSets, "front")
        var owned = try await harness.pods(of: rs)
        #expect(owned.count == 3)
        #expect(rs.json["status"] == ["replicas": 3, "fullyLabeledReplicas": 3, "observedGeneration": 1])
        let created = try await harness.eventMessages(reason: "SuccessfulCreate")
        #expect(Set(created) == Set(owned.map { "Created pod: \($0.name)" }))
        let victim = owned[1]
        _ = try await harness.registry.delete(pods, namespace: "default", name: victim.name)
        try await harness.settle()
        owned = try await harness.pods(of: rs)
        #expect(owned.count == 3 && !owned.contains { $0.name == victim.name })
    }

    @Test func adoptsMatchingOrphansAndReleasesPodsThatStopMatching() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(pods, pod("orphan", labels: ["tier": "front"]))
        try await harness.create(replicaSets, replicaSet(replicas: 2))
        try await harness.settle()
        let rs = try await harness.get(replicaSets, "front")
        var owned = try await harness.pods(of: rs)
        #expect(owned.count == 2 && owned.contains { $0.name == "orphan" })
        let reference = try await harness.get(pods, "orphan").ownerReferences.first
        #expect(reference?["kind"] == "ReplicaSet" && reference?["controller"] == true)
        try await harness.mergePatch(pods, "orphan", ["metadata": ["labels": ["tier": "debug"]]])
        try await harness.settle()
        #expect(try await harness.get(pods, "orphan").ownerReferences.isEmpty)
        owned = try await harness.pods(of: rs)
        #expect(owned.count == 2 && !owned.contains { $0.name == "orphan" })
    }

    @Test func terminalPodsAreNotCountedAndGetReplaced() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(replicaSets, replicaSet(replicas: 1))
        try await harness.settle()
        let rs = try await harness.get(replicaSets, "front")
        let first = try #require(try await harness.pods(of: rs).first)
        _ = try await harness.registry.updateStatus(pods, namespace: "default", name: first.name, status: ["phase": "Failed"])
        try await harness.settle()
        let owned = try await harness.pods(of: rs)
        #expect(owned.count == 2)
        #expect(try await harness.get(replicaSets, "front").json[["status", "replicas"]] == 1)
    }

    @Test func availabilityWaitsForMinReadySeconds() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(replicaSets, replicaSet(replicas: 2, minReadySeconds: 10))
        try await harness.settle()
        let start = harness.clock.now()
        let rs = try await harness.get(replicaSets, "front")
        for pod in try await harness.pods(of: rs) { try await harness.makeReady(pod) }
        let report = try await harness.settle()
        let status = try await harness.get(replicaSets, "front").json["status"]
        #expect(status?["readyReplicas"] == 2 && status?["availableReplicas"] == 2)
        #expect(report.settled && harness.clock.now() == start.addingTimeInterval(11))
    }

    @Test func scaleDownDeletesUnreadyPodsFirst() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        try await harness.create(replicaSets, replicaSet(replicas: 3))
        try await harness.settle()
        let rs = try await harness.get(replicaSets, "front")
        let owned = try await harness.pods(of: rs)
        try await harness.makeReady(owned[0])
        try await harness.makeReady(owned[2])
        try await harness.mergePatch(replicaSets, "front", ["spec": ["replicas": 2]])
        try await harness.settle()
        let left = try await harness.pods(of: rs).map(\.name)
        #expect(left.sorted() == [owned[0].name, owned[2].name].sorted())
        #expect(try await harness.eventMessages(reason: "SuccessfulDelete") == ["Deleted pod: \(owned[1].name)"])
    }

    @Test func replicationControllersKeepTheirReplicasToo() async throws {
        let harness = try await ClusterHarness.workloads()
        defer { Task { await harness.finish() } }
        let controller: JSONValue = [
            "apiVersion": "v1", "kind": "ReplicationController", "metadata": ["name": "legacy"],
            "spec": [
                "replicas": 2, "selector": ["app": "legacy"],
                "template": [
                    "metadata": ["labels": ["app": "legacy"]], "spec": ["containers": [["name": "c", "image": "busybox"]]],
                ],
            ],
        ]
        try await harness.create(BuiltinResources.replicationControllers, controller)
        try await harness.settle()
        let rc = try await harness.get(BuiltinResources.replicationControllers, "legacy")
        let owned = try await harness.pods(of: rc)
        #expect(owned.count == 2)
        #expect(owned.allSatisfy { $0.ownerReferences.first?["kind"] == "ReplicationController" && $0.ownerReferences.first?["apiVersion"] == "v1" })
        #expect(rc.json[["status", "replicas"]] == 2)
        let events = try await harness.list(BuiltinResources.events).filter { $0.json["reason"] == "SuccessfulCreate" }
        #expect(events.allSatisfy { $0.json[["source", "component"]] == "replication-controller" })
    }
}

@Suite(.serialized) struct PodRankingTests {
    private func pod(_ name: String, node: String? = nil, phase: String = "Pending", readySince: Date? = nil, cost: String? = nil, created: Date) -> KubeObject {
        var json: JSONValue = [
            "metadata": ["name": .string(name), "uid": .string(name), "creationTimestamp": .string(RFC3339Timestamp.string(from: created))],
            "spec": .emptyObject, "status": ["phase": .string(phase)],
        ]
        if let node { json[["spec", "nodeName"]] = .string(node) }
        if let readySince {
            json[["status", "conditions"]] = [["type": "Ready", "status": "True", "lastTransitionTime": .string(RFC3339Timestamp.string(from: readySince))]]
        }
        if let cost { json[["metadata", "annotations"]] = ["controller.kubernetes.io/pod-deletion-cost": .string(cost)] }
        return KubeObject(json)
    }

    @Test func ordersVictimsAsActivePodsWithRanks() {
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        let old = now.addingTimeInterval(-86_400)
        let recent = now.addingTimeInterval(-60)
        let pods = [
            pod("ready-old", node: "n1", phase: "Running", readySince: old, created: old),
            pod("unassigned", created: old),
            pod("pending", node: "n1", created: old),
            pod("running-unready", node: "n1", phase: "Running", created: old),
            pod("ready-recent", node: "n1", phase: "Running", readySince: recent, created: old),
            pod("ready-cheap", node: "n1", phase: "Running", readySince: old, cost: "-10", created: old),
        ]
        let ordered = PodRanking(now: now).ordered(pods, related: pods).map(\.name)
        #expect(ordered == ["unassigned", "pending", "running-unready", "ready-cheap", "ready-recent", "ready-old"])
    }
}
