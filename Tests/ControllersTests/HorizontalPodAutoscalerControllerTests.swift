import Controllers
import Foundation
import KubeAPI
import Testing

/// The horizontal pod autoscaler on a cluster without a metrics server: it keeps the target's replicas within
/// `[minReplicas, maxReplicas]` through the `scale` subresource, and otherwise reports that no metric can be read,
/// as kube-controller-manager 1.32 does.
@Suite(.serialized)
struct HorizontalPodAutoscalerControllerTests {
    static func harness() async throws -> ClusterHarness {
        try await ClusterHarness(controllers: [
            DeploymentController(), ReplicaSetController(kind: .replicaSet, burstReplicas: 500),
            HorizontalPodAutoscalerController(),
        ])
    }

    /// `kubectl autoscale deploy web --min=2 --max=5 --cpu-percent=80`, which posts autoscaling/v1.
    static let autoscale: JSONValue = [
        "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": ["name": "web"],
        "spec": [
            "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"], "minReplicas": 2,
            "maxReplicas": 5, "targetCPUUtilizationPercentage": 80,
        ],
    ]

    static let unavailable =
        "failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)"

    func events(_ harness: ClusterHarness) async throws -> [String: KubeObject] {
        Dictionary(
            try await harness.list(BuiltinResources.events).filter { $0.json[["involvedObject", "kind"]] == "HorizontalPodAutoscaler" }
                .map { ($0.json["reason"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func scalesATargetBelowMinReplicasUpToThem() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment(replicas: 1))
        try await harness.create(BuiltinResources.horizontalPodAutoscalersV1, Self.autoscale)
        try await harness.settle()

        let deployment = try await harness.get(BuiltinResources.deployments, "web")
        #expect(deployment.json[["spec", "replicas"]] == 2)
        // Written through the scale subresource, under kube-controller-manager's field manager.
        #expect(deployment.json[["metadata", "managedFields"]]?.arrayValue?.contains {
            $0["manager"] == "kube-controller-manager" && $0[["fieldsV1", "f:spec", "f:replicas"]] != nil
        } == true)
        let hpa = try await harness.get(BuiltinResources.horizontalPodAutoscalers, "web")
        let status = try #require(hpa.json["status"])
        #expect(status["currentReplicas"] == 1 && status["desiredReplicas"] == 2 && status["lastScaleTime"] != nil)
        let able = status["conditions"]?.arrayValue?.first
        #expect(able?["type"] == "AbleToScale" && able?["status"] == "True" && able?["reason"] == "SucceededRescale")
        #expect(able?["message"] == "the HPA controller was able to update the target scale to 2")
        let rescale = try #require(try await events(harness)["SuccessfulRescale"])
        #expect(rescale.json["message"] == "New size: 2; reason: Current number of replicas below Spec.MinReplicas")
        #expect(rescale.json[["source", "component"]] == "horizontal-pod-autoscaler")
    }

    @Test func withoutMetricsScalingIsNotActiveAndTheWarningsAreRecorded() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment(replicas: 3))
        try await harness.create(BuiltinResources.horizontalPodAutoscalersV1, Self.autoscale)
        try await harness.settle()

        let hpa = try await harness.get(BuiltinResources.horizontalPodAutoscalers, "web")
        let status = try #require(hpa.json["status"])
        #expect(status["currentReplicas"] == 3 && status["desiredReplicas"] == 0)
        #expect(status["currentMetrics"] == [["type": ""]])
        let conditions = status["conditions"]?.arrayValue ?? []
        #expect(conditions.map { $0["type"] } == ["AbleToScale", "ScalingActive"])
        #expect(conditions.map { $0["reason"] } == ["SucceededGetScale", "FailedGetResourceMetric"])
        #expect(conditions.last?["status"] == "False")
        #expect(conditions.last?["message"] == .string("the HPA was unable to compute the replica count: " + Self.unavailable))
        let events = try await events(harness)
        #expect(events["FailedGetResourceMetric"]?.json["message"] == .string(Self.unavailable))
        #expect(events["FailedGetResourceMetric"]?.json["type"] == "Warning")
        #expect(events["FailedComputeMetricsReplicas"]?.json["message"] == .string(
            "invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: " + Self.unavailable))
        #expect(try await harness.get(BuiltinResources.deployments, "web").json[["spec", "replicas"]] == 3)

        // The v1 view carries what v1 cannot say in its annotations.
        let v1 = try await harness.registry.get(BuiltinResources.horizontalPodAutoscalersV1, namespace: "default", name: "web")
        #expect(v1.annotations["autoscaling.alpha.kubernetes.io/conditions"]?.contains("FailedGetResourceMetric") == true)
        #expect(v1.json[["status", "currentReplicas"]] == 3)
    }

    @Test func aTargetAboveMaxReplicasIsScaledDownAndTheResyncKeepsItThere() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment(replicas: 8))
        try await harness.create(BuiltinResources.horizontalPodAutoscalersV1, Self.autoscale)
        try await harness.settle()
        #expect(try await harness.get(BuiltinResources.deployments, "web").json[["spec", "replicas"]] == 5)
        #expect(try await events(harness)["SuccessfulRescale"]?.json["message"]
            == "New size: 5; reason: Current number of replicas above Spec.MaxReplicas")

        // Someone scales the deployment past the bound: the next 15 s sync brings it back.
        _ = try await harness.registry.patchScale(
            BuiltinResources.deployments, namespace: "default", name: "web", patchType: .merge,
            body: Data(#"{"spec":{"replicas":9}}"#.utf8))
        try await harness.settle(advancing: 16)
        #expect(try await harness.get(BuiltinResources.deployments, "web").json[["spec", "replicas"]] == 5)
    }

    @Test func aMissingTargetFailsToGetItsScale() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.horizontalPodAutoscalersV1, Self.autoscale)
        try await harness.settle()
        let hpa = try await harness.get(BuiltinResources.horizontalPodAutoscalers, "web")
        let able = hpa.json[["status", "conditions"]]?.arrayValue?.first
        #expect(able?["reason"] == "FailedGetScale" && able?["status"] == "False")
        #expect(able?["message"] == #"the HPA controller was unable to get the target's current scale: deployments.apps "web" not found"#)
        #expect(try await events(harness)["FailedGetScale"]?.json["message"] == #"deployments.apps "web" not found"#)
    }

    @Test func aSettledAutoscalerWritesNothingUntilItsResync() async throws {
        let harness = try await Self.harness()
        defer { Task { await harness.finish() } }
        try await harness.create(BuiltinResources.deployments, ClusterHarness.deployment(replicas: 3))
        try await harness.create(BuiltinResources.horizontalPodAutoscalersV1, Self.autoscale)
        try await harness.settle()
        let revision = try await harness.revision()
        // The resync timer does not keep the simulation running.
        try await harness.settle()
        let after = try await harness.revision()
        #expect(after == revision)
    }
}
