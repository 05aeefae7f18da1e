@testable import Controllers
import Foundation
import KubeAPI
import KubeAuth
import Testing

/// The control loops act as their components' users and are authorized by kube-apiserver's bootstrap policy
/// (kubeadm's `--use-service-account-credentials`): a broken policy breaks them as it breaks a real cluster.
@Suite(.serialized) struct LoopAuthorizationTests {
    private static let replicaSetController = "system:controller:replicaset-controller"
    private static let forbiddenCreate =
        "Error creating: pods is forbidden: User \"system:serviceaccount:kube-system:replicaset-controller\" cannot create "
        + "resource \"pods\" in API group \"\" in the namespace \"default\""

    private static func deployment(replicas: Int64 = 2) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"],
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": "web"]],
                "template": [
                    "metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "nginx", "image": "nginx"]]],
                ],
            ],
        ]
    }

    private static func workloads() async throws -> ClusterHarness {
        try await ClusterHarness(
            controllers: [DeploymentController(), ReplicaSetController(kind: .replicaSet, burstReplicas: 500)], authorized: true)
    }

    /// Settles for at most a simulated minute: a loop that keeps failing keeps retrying with backoff.
    private static func settleBriefly(_ harness: ClusterHarness) async throws -> ControllerManager.SettleReport {
        try await harness.manager.settle(on: harness.clock, maxElapsed: 60)
    }

    @Test func everyLoopIsAllowedWhatItDoesToRunADeploymentOnANode() async throws {
        let harness = try await ClusterHarness(controllers: ControlPlane.controllers(), authorized: true)
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.nodes, KubeletFixtures.node("node01"))
        try await harness.create(BuiltinResources.deployments, Self.deployment())
        let report = try await harness.settle()
        #expect(report.settled)
        let pods = try await harness.list(BuiltinResources.pods)
        #expect(pods.count == 2)
        #expect(pods.allSatisfy { $0.json[["status", "phase"]]?.stringValue == "Running" })
        #expect(try await harness.get(BuiltinResources.deployments, "web").json[["status", "availableReplicas"]] == 2)
    }

    /// The replicaset controller's role without `create` on pods: the ReplicaSet gets no pods and says why in a
    /// FailedCreate event, as the real controller does; with the rule back, its next retry creates them.
    @Test func aReplicaSetControllerWhoseRoleCannotCreatePodsReportsFailedCreateUntilTheRuleIsBack() async throws {
        let harness = try await Self.workloads()
        defer { Task { await harness.finish() } }
        let roles = BuiltinResources.clusterRoles
        let original = try await harness.registry.get(roles, namespace: nil, name: Self.replicaSetController)
        let rules = original.json["rules"]?.arrayValue ?? []
        var broken = original.json
        broken["rules"] = .array(rules.map { rule in
            guard rule["resources"] == ["pods"] else { return rule }
            var rule = rule
            rule["verbs"] = .array((rule["verbs"]?.arrayValue ?? []).filter { $0 != "create" })
            return rule
        })
        _ = try await harness.registry.update(roles, namespace: nil, name: Self.replicaSetController, object: broken)
        try await harness.create(BuiltinResources.deployments, Self.deployment())
        #expect(try await Self.settleBriefly(harness).settled == false)
        let replicaSet = try #require(try await harness.replicaSets().first)
        #expect(try await harness.pods(of: replicaSet).isEmpty)
        #expect(try await harness.eventMessages(reason: "FailedCreate") == [Self.forbiddenCreate])

        var restored = try await harness.registry.get(roles, namespace: nil, name: Self.replicaSetController).json
        restored["rules"] = .array(rules)
        _ = try await harness.registry.update(roles, namespace: nil, name: Self.replicaSetController, object: restored)
        #expect(try await harness.settle().settled)
        #expect(try await harness.pods(of: replicaSet).count == 2)
    }

    /// Without its ClusterRoleBinding the controller may not even write its events: no pods, no event; the
    /// binding recreated, the pods come.
    @Test func aReplicaSetControllerWithoutItsBindingCreatesNothingUntilTheBindingIsBack() async throws {
        let harness = try await Self.workloads()
        defer { Task { await harness.finish() } }
        let bindings = BuiltinResources.clusterRoleBindings
        let binding = try await harness.registry.get(bindings, namespace: nil, name: Self.replicaSetController)
        _ = try await harness.registry.delete(bindings, namespace: nil, name: Self.replicaSetController)
        try await harness.create(BuiltinResources.deployments, Self.deployment())
        #expect(try await Self.settleBriefly(harness).settled == false)
        let replicaSet = try #require(try await harness.replicaSets().first)
        #expect(try await harness.pods(of: replicaSet).isEmpty)
        #expect(try await harness.eventMessages(reason: "FailedCreate").isEmpty)
        // The deployment controller, bound to its own role, still reports what it did.
        #expect(try await harness.eventMessages(reason: "ScalingReplicaSet").count == 1)

        var recreated = binding.json
        recreated["metadata"] = ["name": .string(Self.replicaSetController), "labels": binding.json[["metadata", "labels"]] ?? [:]]
        _ = try await harness.registry.create(bindings, namespace: nil, object: recreated)
        #expect(try await harness.settle().settled)
        #expect(try await harness.pods(of: replicaSet).count == 2)
    }

    /// The Node authorizer: a kubelet writes the status of its own node's pods only.
    @Test func aKubeletCannotUpdateThePodStatusOfAnotherNode() async throws {
        let harness = try await ClusterHarness(controllers: [], authorized: true)
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.pods, KubeletFixtures.pod("web", node: "node02"))
        let authorization = LoopAuthorization(registry: harness.registry, useServiceAccountCredentials: true)
        let status: JSONValue = ["phase": "Running"]
        let options = WriteOptions(fieldManager: "kubelet")
        let other = authorization.api(harness.registry, for: .kubelet, node: "node01")
        let error = await #expect(throws: StatusError.self) {
            try await other.updateStatus(BuiltinResources.pods, namespace: "default", name: "web", status: status, options: options)
        }
        #expect(error?.code == 403)
        #expect(
            error?.message
                == "pods \"web\" is forbidden: User \"system:node:node01\" cannot update resource \"pods/status\" in API group "
                + "\"\" in the namespace \"default\": no relationship found between node 'node01' and this object")
        let own = authorization.api(harness.registry, for: .kubelet, node: "node02")
        let updated = try await own.updateStatus(
            BuiltinResources.pods, namespace: "default", name: "web", status: status, options: options)
        #expect(updated.json[["status", "phase"]] == "Running")
    }

    /// Without `--use-service-account-credentials` every controller acts as `system:kube-controller-manager`,
    /// whose bootstrap role does not create pods (kube-controller-manager then needs more rights granted).
    @Test func withoutServiceAccountCredentialsControllersActAsTheControllerManager() async throws {
        let harness = try await ClusterHarness(controllers: [], authorized: true)
        defer { Task { await harness.finish() } }
        let authorization = LoopAuthorization(registry: harness.registry, useServiceAccountCredentials: false)
        let api = authorization.api(harness.registry, for: .controller(serviceAccount: "replicaset-controller"), node: nil)
        let error = await #expect(throws: StatusError.self) {
            try await api.create(
                BuiltinResources.pods, namespace: "default", object: KubeletFixtures.pod("web"), options: WriteOptions())
        }
        #expect(error?.message.contains("User \"system:kube-controller-manager\" cannot create resource \"pods\"") == true)
        #expect(try await api.list(BuiltinResources.pods, namespace: "default").items.isEmpty)
    }
}
