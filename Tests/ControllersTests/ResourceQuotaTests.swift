import Controllers
import Foundation
import KubeAPI
import Testing

/// ResourceQuotas as kube-controller-manager computes them and kube-apiserver's ResourceQuota plugin enforces
/// them: the status's hard and used, the `exceeded quota` refusal a ReplicaSet's FailedCreate event reports,
/// the `must specify` constraint, and usage given back when pods go.
@Suite(.serialized)
struct ResourceQuotaTests {
    static func harness() async throws -> ClusterHarness {
        try await ClusterHarness(controllers: [
            DeploymentController(), ReplicaSetController(kind: .replicaSet, burstReplicas: 500), ResourceQuotaController(),
        ])
    }

    static func quota(_ name: String, hard: [String: String], scopes: [String] = []) -> JSONValue {
        var spec: JSONValue = ["hard": .object(hard.mapValues(JSONValue.string))]
        if !scopes.isEmpty { spec["scopes"] = .array(scopes.map(JSONValue.string)) }
        return ["apiVersion": "v1", "kind": "ResourceQuota", "metadata": ["name": .string(name)], "spec": spec]
    }

    static func pod(_ name: String, cpu: String? = nil) -> JSONValue {
        var container: JSONValue = ["name": "app", "image": "nginx"]
        if let cpu { container["resources"] = ["requests": ["cpu": .string(cpu)], "limits": ["cpu": .string(cpu)]] }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name)], "spec": ["containers": [container]]]
    }

    @Test func theControllerComputesHardAndUsedForEveryHardResource() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.configMaps, ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "a"]])
        try await harness.create(
            BuiltinResources.resourceQuotas,
            Self.quota("counts", hard: ["pods": "4", "configmaps": "10", "requests.cpu": "2", "count/deployments.apps": "1"]))
        _ = try await harness.settle()
        let quota = try await harness.get(BuiltinResources.resourceQuotas, "counts")
        #expect(quota.json[["status", "hard"]] == ["pods": "4", "configmaps": "10", "requests.cpu": "2", "count/deployments.apps": "1"])
        #expect(quota.json[["status", "used"]] == ["pods": "0", "configmaps": "1", "requests.cpu": "0", "count/deployments.apps": "0"])
        #expect(quota.json[["metadata", "managedFields"]]?.arrayValue?.last?["manager"] == "kube-controller-manager")
    }

    @Test func aPodOverTheQuotaIsForbiddenWithKubeAPIServersMessage() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.resourceQuotas, Self.quota("compute", hard: ["pods": "2", "requests.cpu": "1"]))
        _ = try await harness.settle()
        try await harness.create(BuiltinResources.pods, Self.pod("p1", cpu: "600m"))
        let charged = try await harness.get(BuiltinResources.resourceQuotas, "compute")
        #expect(charged.json[["status", "used"]] == ["pods": "1", "requests.cpu": "600m"])

        let error = await #expect(throws: StatusError.self) {
            try await harness.create(BuiltinResources.pods, Self.pod("p2", cpu: "500m"))
        }
        #expect(error?.code == 403)
        #expect(
            error?.message
                == "pods \"p2\" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1")
        let missing = await #expect(throws: StatusError.self) {
            try await harness.create(BuiltinResources.pods, Self.pod("p3"))
        }
        #expect(missing?.message == "pods \"p3\" is forbidden: failed quota: compute: must specify requests.cpu for: app")

        // A deleted pod gives its usage back, and a pod that fits is then admitted.
        _ = try await harness.registry.delete(BuiltinResources.pods, namespace: "default", name: "p1")
        _ = try await harness.settle()
        #expect(try await harness.get(BuiltinResources.resourceQuotas, "compute").json[["status", "used"]] == ["pods": "0", "requests.cpu": "0"])
        try await harness.create(BuiltinResources.pods, Self.pod("p2", cpu: "500m"))
    }

    @Test func aQuotaNotYetComputedRefusesWhatItCounts() async throws {
        let harness = try await ClusterHarness(controllers: [])
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.resourceQuotas, Self.quota("fresh", hard: ["configmaps": "1"]))
        // A quota with no status matches nothing yet (the plugin reads `status.hard`), as on a real cluster.
        try await harness.create(BuiltinResources.configMaps, ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "early"]])
        // With hard limits but no usage for them, the plugin refuses until the controller has counted.
        _ = try await harness.registry.updateStatus(
            BuiltinResources.resourceQuotas, namespace: "default", name: "fresh", status: ["hard": ["configmaps": "1"]])
        let error = await #expect(throws: StatusError.self) {
            try await harness.create(BuiltinResources.configMaps, ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "a"]])
        }
        #expect(error?.message == "configmaps \"a\" is forbidden: status unknown for quota: fresh, resources: configmaps")
    }

    @Test func aDeploymentBeyondThePodQuotaGetsFailedCreateEvents() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.resourceQuotas, Self.quota("pods", hard: ["pods": "2"]))
        _ = try await harness.settle()
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment(replicas: 3))
        _ = try await harness.settle()
        #expect(try await harness.list(BuiltinResources.pods).count == 2)
        let events = try await harness.registry.list(BuiltinResources.events, namespace: "default").items
        let failed = events.first { $0.json["reason"] == "FailedCreate" }
        let message = failed?.json["message"]?.stringValue ?? ""
        #expect(message.hasPrefix("Error creating: pods \"web-"), "\(message)")
        #expect(message.hasSuffix("\" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2"), "\(message)")
    }

    @Test func scopesSelectWhichPodsCount() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.resourceQuotas, Self.quota("best-effort", hard: ["pods": "1"], scopes: ["BestEffort"]))
        _ = try await harness.settle()
        try await harness.create(BuiltinResources.pods, Self.pod("free"))
        try await harness.create(BuiltinResources.pods, Self.pod("sized", cpu: "100m"))
        let error = await #expect(throws: StatusError.self) { try await harness.create(BuiltinResources.pods, Self.pod("free2")) }
        #expect(error?.message == "pods \"free2\" is forbidden: exceeded quota: best-effort, requested: pods=1, used: pods=1, limited: pods=1")
    }
}
