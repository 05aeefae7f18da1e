import Controllers
import Foundation
import KubeAPI

/// Nodes and pods for the kubelet's tests, on a harness running the node-ipam controller and the kubelets.
enum KubeletFixtures {
    static func harness() async throws -> ClusterHarness {
        let configuration = ControlPlaneConfiguration()
        return try await ClusterHarness(controllers: [NodeIPAMController(configuration.nodeIPAM), Kubelet(configuration.kubelet)])
    }

    static func node(_ name: String, annotations: [String: String] = [:]) -> JSONValue {
        ["apiVersion": "v1", "kind": "Node", "metadata": ["name": .string(name), "annotations": .object(annotations.mapValues(JSONValue.string))]]
    }

    static func pod(
        _ name: String, node: String = "node01", containers: [JSONValue] = [container("nginx", image: "nginx")],
        initContainers: [JSONValue] = [], restartPolicy: String? = nil, annotations: [String: String] = [:],
        volumes: [JSONValue] = []
    ) -> JSONValue {
        var spec: JSONValue = ["nodeName": .string(node), "containers": .array(containers)]
        if !initContainers.isEmpty { spec["initContainers"] = .array(initContainers) }
        if let restartPolicy { spec["restartPolicy"] = .string(restartPolicy) }
        if !volumes.isEmpty { spec["volumes"] = .array(volumes) }
        var metadata: JSONValue = ["name": .string(name), "namespace": "default"]
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations.mapValues(JSONValue.string)) }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec]
    }

    static func container(_ name: String, image: String, command: [String]? = nil) -> JSONValue {
        var container: JSONValue = ["name": .string(name), "image": .string(image)]
        if let command { container["command"] = .array(command.map(JSONValue.string)) }
        return container
    }

    static func time(_ harness: ClusterHarness, plus seconds: TimeInterval) -> String {
        RFC3339Timestamp.string(from: Date(timeIntervalSince1970: 1_750_000_000 + seconds))
    }

    /// The events of an object, oldest first.
    static func events(_ harness: ClusterHarness, about name: String) async throws -> [KubeObject] {
        try await harness.registry.list(BuiltinResources.events, namespace: "default").items
            .filter { $0.json[["involvedObject", "name"]]?.stringValue == name }
            .sorted { $0.name < $1.name }
    }

    static func conditions(_ pod: KubeObject) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for condition in pod.json[["status", "conditions"]]?.arrayValue ?? [] {
            if let type = condition["type"]?.stringValue { result[type] = condition }
        }
        return result
    }
}
