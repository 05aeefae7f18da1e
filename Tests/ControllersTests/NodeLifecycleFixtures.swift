import Controllers
import Foundation
import KubeAPI

/// A cluster running every control loop, with worker nodes registered by their simulated kubelets, for the
/// node lifecycle, taint eviction and pod GC tests.
enum NodeLifecycleFixtures {
    static func cluster(nodes: [String] = ["node01", "node02", "node03"]) async throws -> ClusterHarness {
        let harness = try await ClusterHarness(controllers: ControlPlane.controllers())
        for name in nodes {
            _ = try await harness.registry.create(BuiltinResources.nodes, namespace: nil, object: KubeletFixtures.node(name))
        }
        try await harness.settle()
        return harness
    }

    static func node(_ harness: ClusterHarness, _ name: String) async throws -> KubeObject {
        try await harness.registry.get(BuiltinResources.nodes, namespace: nil, name: name)
    }

    /// Stops (or starts again) a node's simulated kubelet, as `kubesim node stop` does.
    static func setKubelet(_ harness: ClusterHarness, _ name: String, stopped: Bool) async throws {
        let value: JSONValue = stopped ? "stopped" : .null
        _ = try await harness.registry.patch(
            BuiltinResources.nodes, namespace: nil, name: name, patchType: .merge,
            body: (["metadata": ["annotations": ["kubesim.io/kubelet": value]]] as JSONValue).jsonData())
    }

    static func condition(_ node: KubeObject, _ type: String) -> JSONValue? {
        node.json[["status", "conditions"]]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    static func date(_ text: JSONValue?) -> Date? {
        text?.stringValue.flatMap(RFC3339Timestamp.date(from:))
    }

    static func pods(_ harness: ClusterHarness, label app: String) async throws -> [KubeObject] {
        try await harness.registry.list(BuiltinResources.pods, namespace: "default").items.filter { $0.labels["app"] == app }
    }

    /// Every event in the cluster, oldest first.
    static func events(_ harness: ClusterHarness) async throws -> [KubeObject] {
        try await harness.registry.list(BuiltinResources.events).items.sorted {
            ClusterHarness.eventNanos($0) < ClusterHarness.eventNanos($1)
        }
    }
}
