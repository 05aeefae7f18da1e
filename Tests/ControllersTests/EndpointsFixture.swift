import Controllers
import Foundation
import KubeAPI

/// A harness running the Endpoints and EndpointSlice controllers, with a node `node-1` in zone `zone-a`, and
/// helpers that make services and pods as a kubelet would leave them (IP and Ready condition set through the
/// status subresource, since no kubelet runs here).
struct EndpointsFixture {
    let harness: ClusterHarness
    var registry: Registry { harness.registry }

    init(maxEndpointsPerSlice: Int = 100) async throws {
        harness = try await ClusterHarness(controllers: [
            EndpointsController(), EndpointSliceController(maxEndpointsPerSlice: maxEndpointsPerSlice),
            // A deleted service's slices are the garbage collector's, as on a real cluster.
            GarbageCollector(catalog: ResourceCatalog()),
        ])
        _ = try await registry.create(
            BuiltinResources.nodes, namespace: nil,
            object: ["apiVersion": "v1", "kind": "Node", "metadata": ["name": "node-1", "labels": ["topology.kubernetes.io/zone": "zone-a"]]])
    }

    func finish() async { await harness.finish() }

    @discardableResult
    func service(
        _ name: String, namespace: String = "default", selector: [String: String]? = ["app": "web"], labels: [String: String] = ["tier": "fe"],
        ports: [JSONValue] = [
            ["name": "http", "port": 80, "targetPort": "http"], ["name": "metrics", "port": 9090, "targetPort": 9090],
        ],
        clusterIP: String? = nil, publishNotReady: Bool = false
    ) async throws -> KubeObject {
        var spec: JSONValue = ["ports": .array(ports)]
        if let selector { spec["selector"] = .stringMap(selector) }
        if let clusterIP { spec["clusterIP"] = .string(clusterIP) }
        if publishNotReady { spec["publishNotReadyAddresses"] = true }
        return try await registry.create(
            BuiltinResources.services, namespace: namespace,
            object: ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "labels": .stringMap(labels)], "spec": spec])
    }

    /// A pod on node-1 with container port `http` (8080) unless `namedPort` is false, running with `ip` (none
    /// for nil) and Ready as `ready` says.
    @discardableResult
    func pod(
        _ name: String, namespace: String = "default", labels: [String: String] = ["app": "web"], ip: String?, ready: Bool = true,
        namedPort: Bool = true, hostname: String? = nil, subdomain: String? = nil, finalizers: [String] = []
    ) async throws -> KubeObject {
        var container: JSONValue = ["name": "app", "image": "nginx"]
        if namedPort { container["ports"] = [["name": "http", "containerPort": 8080]] }
        var spec: JSONValue = ["nodeName": "node-1", "containers": [container]]
        if let hostname { spec["hostname"] = .string(hostname) }
        if let subdomain { spec["subdomain"] = .string(subdomain) }
        var metadata: JSONValue = ["name": .string(name), "labels": .stringMap(labels)]
        if !finalizers.isEmpty { metadata["finalizers"] = .array(finalizers.map(JSONValue.string)) }
        _ = try await registry.create(
            BuiltinResources.pods, namespace: namespace, object: ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec])
        return try await setStatus(name, namespace: namespace, ip: ip, ready: ready)
    }

    @discardableResult
    func setStatus(_ name: String, namespace: String = "default", ip: String?, ready: Bool) async throws -> KubeObject {
        let time = RFC3339Timestamp.string(from: harness.clock.now())
        var status: JSONValue = [
            "phase": "Running",
            "conditions": [["type": "Ready", "status": ready ? "True" : "False", "lastTransitionTime": .string(time)]],
        ]
        if let ip {
            status["podIP"] = .string(ip)
            status["podIPs"] = [["ip": .string(ip)]]
        }
        return try await registry.updateStatus(BuiltinResources.pods, namespace: namespace, name: name, status: status)
    }

    func relabel(_ name: String, _ labels: [String: String]) async throws {
        let patch: JSONValue = ["metadata": ["labels": .stringMap(labels)]]
        _ = try await registry.patch(
            BuiltinResources.pods, namespace: "default", name: name, patchType: .merge, body: patch.jsonData(), options: WriteOptions())
    }

    func endpoints(_ name: String, namespace: String = "default") async throws -> KubeObject {
        try await registry.get(BuiltinResources.endpoints, namespace: namespace, name: name)
    }

    func slices(of service: String, namespace: String = "default") async throws -> [KubeObject] {
        try await registry.list(BuiltinResources.endpointSlices, namespace: namespace).items.filter {
            $0.labels["kubernetes.io/service-name"] == service
        }
    }

    /// The addresses' IPs of each subset, ready and not, with its port names.
    static func summary(_ endpoints: KubeObject) -> [String] {
        (endpoints.json["subsets"]?.arrayValue ?? []).map { subset in
            let ips = { (key: String) in (subset[key]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }.joined(separator: ",") }
            let ports = (subset["ports"]?.arrayValue ?? []).map { "\($0["name"]?.stringValue ?? ""):\($0["port"]?.intValue ?? 0)" }
            return "ready=[\(ips("addresses"))] notReady=[\(ips("notReadyAddresses"))] ports=[\(ports.joined(separator: ","))]"
        }
    }
}

extension JSONValue {
    static func stringMap(_ map: [String: String]) -> JSONValue { .object(map.mapValues(JSONValue.string)) }
}
