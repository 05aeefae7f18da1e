import Controllers
import Foundation
import KubeAPI

/// Manifests and stand-ins for the kubelet the workload controller tests use: there is no scheduler or kubelet
/// here, so a test makes pods Running and Ready itself, through the status subresource.
extension ClusterHarness {
    static func workloads() async throws -> ClusterHarness {
        try await ClusterHarness(controllers: [
            DeploymentController(),
            ReplicaSetController(kind: .replicaSet, burstReplicas: 500),
            ReplicaSetController(kind: .replicationController, burstReplicas: 500),
            GarbageCollector(catalog: ResourceCatalog()),
        ])
    }

    static func deployment(
        _ name: String = "web", replicas: Int64 = 3, image: String = "nginx:1.27", strategy: JSONValue? = nil,
        extraSpec: [String: JSONValue] = [:]
    ) -> JSONValue {
        var spec: JSONValue = [
            "replicas": .int(replicas),
            "selector": ["matchLabels": ["app": .string(name)]],
            "template": [
                "metadata": ["labels": ["app": .string(name)]],
                "spec": ["containers": [["name": "nginx", "image": .string(image)]]],
            ],
        ]
        if let strategy { spec["strategy"] = strategy }
        for (key, value) in extraSpec { spec[key] = value }
        return ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)], "spec": spec]
    }

    func create(_ type: ResourceType, _ object: JSONValue) async throws {
        _ = try await registry.create(type, namespace: "default", object: object)
    }

    func get(_ type: ResourceType, _ name: String) async throws -> KubeObject {
        try await registry.get(type, namespace: "default", name: name)
    }

    func list(_ type: ResourceType) async throws -> [KubeObject] {
        try await registry.list(type, namespace: "default").items
    }

    func mergePatch(_ type: ResourceType, _ name: String, _ patch: JSONValue) async throws {
        _ = try await registry.patch(type, namespace: "default", name: name, patchType: .merge, body: patch.jsonData())
    }

    /// The ReplicaSets, oldest revision first.
    func replicaSets() async throws -> [KubeObject] {
        try await list(BuiltinResources.replicaSets).sorted {
            (Int($0.annotations["deployment.kubernetes.io/revision"] ?? "") ?? 0)
                < (Int($1.annotations["deployment.kubernetes.io/revision"] ?? "") ?? 0)
        }
    }

    /// The pods a ReplicaSet controls.
    func pods(of owner: KubeObject) async throws -> [KubeObject] {
        try await list(BuiltinResources.pods).filter { pod in
            pod.ownerReferences.contains { $0["uid"]?.stringValue == owner.uid && $0["controller"] == true }
        }
    }

    /// Marks a pod Running and Ready now, as its kubelet would report it.
    func makeReady(_ pod: KubeObject) async throws {
        let now = JSONValue.string(RFC3339Timestamp.string(from: clock.now()))
        let status: JSONValue = [
            "phase": "Running",
            "conditions": [
                ["type": "Ready", "status": "True", "lastTransitionTime": now],
                ["type": "ContainersReady", "status": "True", "lastTransitionTime": now],
            ],
        ]
        _ = try await registry.updateStatus(BuiltinResources.pods, namespace: "default", name: pod.name, status: status)
    }

    /// Settles, makes every pod Running and Ready, then settles again.
    func makeAllReadyAndSettle() async throws {
        try await settle()
        for pod in try await list(BuiltinResources.pods) where pod.json[["status", "phase"]] != "Running" {
            try await makeReady(pod)
        }
        try await settle()
    }

    /// The time in an event's name (`<object>.<hex UnixNano>`), unique per recorder.
    static func eventNanos(_ event: KubeObject) -> UInt64 {
        UInt64(event.name.split(separator: ".").last ?? "", radix: 16) ?? 0
    }

    /// The events' messages in the order they were recorded.
    func eventMessages(reason: String? = nil) async throws -> [String] {
        try await list(BuiltinResources.events)
            .filter { reason == nil || $0.json["reason"]?.stringValue == reason }
            .sorted { Self.eventNanos($0) < Self.eventNanos($1) }
            .compactMap { $0.json["message"]?.stringValue }
    }
}
