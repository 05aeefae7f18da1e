import Controllers
import EtcdCore
import Foundation
import KubeAPI
import Testing

/// The disruption controller and the eviction subresource together, as kube-controller-manager and
/// kube-apiserver keep and honour a PodDisruptionBudget: the status counts, the `DisruptionAllowed`
/// condition, an eviction refused with the 429 `kubectl drain` retries on, and an allowed one taking a disruption.
@Suite(.serialized)
struct DisruptionControllerTests {
    static func harness() async throws -> ClusterHarness {
        try await ClusterHarness(controllers: [
            DeploymentController(), ReplicaSetController(kind: .replicaSet, burstReplicas: 500), DisruptionController(),
        ])
    }

    static func budget(_ name: String, _ bound: (String, JSONValue), app: String = "web") -> JSONValue {
        [
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": ["name": .string(name)],
            "spec": [bound.0: bound.1, "selector": ["matchLabels": ["app": .string(app)]]],
        ]
    }

    static func condition(_ budget: KubeObject) -> JSONValue? {
        budget.json[["status", "conditions"]]?.arrayValue?.first { $0["type"] == "DisruptionAllowed" }
    }

    @Test func minAvailableEqualToTheReadyPodsAllowsNoDisruptionAndEvictionAnswers429() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment(replicas: 3))
        try await harness.create(BuiltinResources.podDisruptionBudgets, Self.budget("web-pdb", ("minAvailable", 3)))
        try await harness.makeAllReadyAndSettle()

        let budget = try await harness.get(BuiltinResources.podDisruptionBudgets, "web-pdb")
        let status = try #require(budget.json["status"])
        #expect(status["expectedPods"] == 3 && status["currentHealthy"] == 3 && status["desiredHealthy"] == 3)
        #expect(status["disruptionsAllowed"] == 0 && status["observedGeneration"] == 1)
        let condition = try #require(Self.condition(budget))
        #expect(condition["status"] == "False" && condition["reason"] == "InsufficientPods" && condition["message"] == "")

        let pod = try #require(try await harness.list(BuiltinResources.pods).first)
        let error = await #expect(throws: StatusError.self) {
            try await harness.registry.evict(namespace: "default", name: pod.name)
        }
        #expect(error?.code == 429 && error?.reason == "TooManyRequests")
        #expect(error?.message == "Cannot evict pod as it would violate the pod's disruption budget.")
        #expect(error?.status["details"]?["causes"] == [
            ["reason": "DisruptionBudget", "message": "The disruption budget web-pdb needs 3 healthy pods and has 3 currently"]
        ])
        #expect(try await harness.list(BuiltinResources.pods).count == 3)
    }

    @Test func anAllowedEvictionTakesADisruptionMarksThePodAndTheDeploymentReplacesIt() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment(replicas: 3))
        try await harness.create(BuiltinResources.podDisruptionBudgets, Self.budget("web-pdb", ("maxUnavailable", "34%")))
        try await harness.makeAllReadyAndSettle()
        let before = try await harness.get(BuiltinResources.podDisruptionBudgets, "web-pdb")
        // 34% of 3 rounds up to 2 unavailable: 1 must stay healthy, so 2 disruptions are allowed.
        #expect(before.json[["status", "desiredHealthy"]] == 1 && before.json[["status", "disruptionsAllowed"]] == 2)
        #expect(Self.condition(before)?["reason"] == "SufficientPods")

        let victim = try #require(try await harness.list(BuiltinResources.pods).first)
        let revision = try await harness.revision()
        try await harness.registry.evict(namespace: "default", name: victim.name)
        // The eviction's own writes: the budget's status, the pod's DisruptionTarget condition, its deletion.
        let after = try await harness.get(BuiltinResources.podDisruptionBudgets, "web-pdb")
        #expect(after.json[["status", "disruptionsAllowed"]] == 1)
        #expect(after.json[["status", "disruptedPods", victim.name]]?.stringValue != nil)
        #expect(after.json[["metadata", "managedFields"]]?.arrayValue?.contains { $0["manager"] == "kube-apiserver" } == true)
        #expect(try await harness.revision() == revision + 3)
        await #expect(throws: StatusError.self) { _ = try await harness.get(BuiltinResources.pods, victim.name) }

        try await harness.makeAllReadyAndSettle()
        let settled = try await harness.get(BuiltinResources.podDisruptionBudgets, "web-pdb")
        #expect(settled.json[["status", "disruptionsAllowed"]] == 2 && settled.json[["status", "currentHealthy"]] == 3)
        #expect(settled.json[["status", "disruptedPods"]] == nil)
        let quiet = try await harness.revision()
        _ = try await harness.settle()
        #expect(try await harness.revision() == quiet)
    }

    @Test func evictionRecordsTheDisruptionTargetConditionBeforeDeleting() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment(replicas: 1))
        try await harness.makeAllReadyAndSettle()
        let pod = try #require(try await harness.list(BuiltinResources.pods).first)
        let revision = try await harness.revision()
        try await harness.registry.evict(namespace: "default", name: pod.name)
        let history = try await harness.store.range(
            RangeRequest(key: Data(BuiltinResources.pods.key(namespace: "default", name: pod.name).utf8), revision: revision + 1))
        let marked = try #require(history.kvs.first)
        let object = try JSONValue.parse(json: marked.value)
        let condition = object[["status", "conditions"]]?.arrayValue?.first { $0["type"] == "DisruptionTarget" }
        #expect(condition?["status"] == "True" && condition?["reason"] == "EvictionByEvictionAPI")
        #expect(condition?["message"] == "Eviction API: evicting")
    }

    @Test func twoBudgetsOverOnePodAnswer500() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment(replicas: 2))
        try await harness.create(BuiltinResources.podDisruptionBudgets, Self.budget("a", ("minAvailable", 0)))
        try await harness.create(BuiltinResources.podDisruptionBudgets, Self.budget("b", ("minAvailable", 0)))
        try await harness.makeAllReadyAndSettle()
        let pod = try #require(try await harness.list(BuiltinResources.pods).first)
        let error = await #expect(throws: StatusError.self) {
            try await harness.registry.evict(namespace: "default", name: pod.name)
        }
        #expect(error?.code == 500)
        #expect(error?.message == "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")
    }

    @Test func bothBoundsAreRefusedAsKubeAPIServerRefusesThem() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        var budget = Self.budget("both", ("minAvailable", 1))
        budget[["spec", "maxUnavailable"]] = "150%"
        let error = await #expect(throws: StatusError.self) {
            try await harness.create(BuiltinResources.podDisruptionBudgets, budget)
        }
        #expect(error?.code == 422)
        #expect(error?.message == "PodDisruptionBudget.policy \"both\" is invalid: [spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000000000), Selector:(*v1.LabelSelector)(0xc000000000), MaxUnavailable:(*intstr.IntOrString)(0xc000000000), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set, spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%]")
    }

    @Test func aPercentageOverPodsWithoutAControllerCountsNoneOfThem() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.pods, [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "lonely", "labels": ["app": "web"]],
            "spec": ["containers": [["name": "c", "image": "nginx"]]],
        ])
        try await harness.create(BuiltinResources.podDisruptionBudgets, Self.budget("web-pdb", ("minAvailable", "50%")))
        _ = try await harness.settle()
        let budget = try await harness.get(BuiltinResources.podDisruptionBudgets, "web-pdb")
        #expect(budget.json[["status", "expectedPods"]] == 0 && budget.json[["status", "disruptionsAllowed"]] == 0)
    }
}
