import Controllers
import Foundation
import KubeAPI

/// A harness running only the scheduler, with helpers to make nodes and pods through the registry.
struct SchedulerTestCluster {
    let harness: ClusterHarness
    var registry: Registry { harness.registry }

    init() async throws {
        harness = try await ClusterHarness(controllers: [Scheduler()])
    }

    /// Nodes and pods on a harness running other loops beside the scheduler.
    init(harness: ClusterHarness) {
        self.harness = harness
    }

    func finish() async { await harness.finish() }

    /// A Ready node with `cpu` and `memory` allocatable (and 110 pods), labelled with its hostname.
    @discardableResult
    func node(
        _ name: String, cpu: String = "4", memory: String = "8Gi", pods: Int64 = 110, labels: [String: String] = [:],
        taints: [JSONValue] = [], unschedulable: Bool = false
    ) async throws -> KubeObject {
        var allLabels: [String: JSONValue] = ["kubernetes.io/hostname": .string(name)]
        for (key, value) in labels { allLabels[key] = .string(value) }
        var spec: JSONValue = .emptyObject
        if !taints.isEmpty { spec["taints"] = .array(taints) }
        if unschedulable { spec["unschedulable"] = true }
        _ = try await registry.create(
            BuiltinResources.nodes, namespace: nil,
            object: ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "labels": .object(allLabels)], "spec": spec])
        let resources: JSONValue = ["cpu": .string(cpu), "memory": .string(memory), "pods": .string(String(pods))]
        return try await registry.updateStatus(
            BuiltinResources.nodes, namespace: nil, name: name,
            status: [
                "capacity": resources, "allocatable": resources,
                "conditions": [["type": "Ready", "status": "True", "reason": "KubeletReady", "message": "kubelet is posting ready status"]],
            ])
    }

    /// A pod with one container requesting `cpu` (and `memory` when given); `spec` fields merged in.
    @discardableResult
    func pod(
        _ name: String, cpu: String? = "100m", memory: String? = nil, labels: [String: String] = [:], spec extra: JSONValue = .emptyObject
    ) async throws -> KubeObject {
        var requests: JSONValue = .emptyObject
        if let cpu { requests["cpu"] = .string(cpu) }
        if let memory { requests["memory"] = .string(memory) }
        var container: JSONValue = ["name": "app", "image": "nginx"]
        if requests != .emptyObject { container["resources"] = ["requests": requests] }
        var spec: JSONValue = ["containers": [container]]
        for (key, value) in extra.objectValue ?? [:] { spec[key] = value }
        return try await registry.create(
            BuiltinResources.pods, namespace: "default",
            object: [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": ["name": .string(name), "labels": .object(labels.mapValues { .string($0) })], "spec": spec,
            ])
    }

    func get(_ name: String) async throws -> KubeObject {
        try await registry.get(BuiltinResources.pods, namespace: "default", name: name)
    }

    func nodeName(_ name: String) async throws -> String? {
        try await get(name).spec?["nodeName"]?.stringValue
    }

    func podScheduled(_ name: String) async throws -> JSONValue? {
        try await get(name).json[["status", "conditions"]]?.arrayValue?.first { $0["type"] == "PodScheduled" }
    }

    /// The events about a pod: (reason, message, count).
    func events(_ name: String) async throws -> [(reason: String, message: String, count: Int64)] {
        try await registry.list(BuiltinResources.events, namespace: "default").items
            .filter { $0.json[["involvedObject", "name"]]?.stringValue == name }
            .map { ($0.json["reason"]?.stringValue ?? "", $0.json["message"]?.stringValue ?? "", $0.json["count"]?.intValue ?? 0) }
    }

    static let controlPlaneTaint: JSONValue = ["key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"]
}
