import Foundation
import KubeAPI
import Testing

/// The conversions between a resource's served versions and its storage version: autoscaling/v1 ↔ v2
/// HorizontalPodAutoscalers (kubernetes `pkg/apis/autoscaling/v1/conversion.go`) and events.k8s.io/v1 ↔ core/v1
/// Events (`pkg/apis/events/v1/conversion.go`).
@Suite("Version conversions")
struct VersionConversionTests {
    let v1 = BuiltinResources.horizontalPodAutoscalersV1
    let v2 = BuiltinResources.horizontalPodAutoscalers

    static let reference: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"]

    @Test func theCatalogServesEachVersionAndStoresOne() {
        #expect(v2.isStorageVersion && !v1.isStorageVersion && v1.storageType == v2)
        #expect(BuiltinResources.eventsV1.storageType == BuiltinResources.events)
        #expect(v1.key(namespace: "default", name: "web") == "/registry/horizontalpodautoscalers/default/web")
        #expect(BuiltinResources.eventsV1.key(namespace: "default", name: "e") == "/registry/events/default/e")
        let catalog = ResourceCatalog()
        #expect(catalog.type(named: "hpa") == v2)
        #expect(catalog.type(named: "hpa.v1.autoscaling") == v1)
        #expect(catalog.type(named: "events") == BuiltinResources.events)
        #expect(catalog.type(named: "events.events.k8s.io") == BuiltinResources.eventsV1)
        #expect(catalog.types(inCategory: "all").filter { $0.plural == "horizontalpodautoscalers" } == [v2])
    }

    @Test func aV1TargetBecomesTheV2CPUUtilizationMetricAndBack() throws {
        let object: JSONValue = [
            "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": ["name": "web"],
            "spec": ["scaleTargetRef": Self.reference, "minReplicas": 2, "maxReplicas": 5, "targetCPUUtilizationPercentage": 80],
        ]
        let stored = try v1.toStorage(KubeObject(object)).json
        #expect(stored["apiVersion"] == "autoscaling/v2")
        #expect(stored[["spec", "metrics"]] == [
            ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 80]]]
        ])
        #expect(stored[["metadata", "annotations"]] == nil)
        let back = try v1.fromStorage(KubeObject(stored)).json
        #expect(back["spec"] == object["spec"])
        #expect(back[["metadata", "annotations"]] == nil)
        #expect(back["status"] == ["currentReplicas": 0, "desiredReplicas": 0])
    }

    @Test func aV1ObjectWithoutATargetGetsTheDefault80Percent() throws {
        let object: JSONValue = [
            "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": ["name": "web"],
            "spec": ["scaleTargetRef": Self.reference, "maxReplicas": 3],
        ]
        let stored = try v1.toStorage(KubeObject(object)).json
        #expect(stored[["spec", "metrics"]]?.arrayValue?.first?[["resource", "target", "averageUtilization"]] == 80)
    }

    /// What v1 cannot express (other metrics, current metrics, conditions, behavior) rides in annotations and
    /// comes back whole.
    @Test func whatV1CannotExpressRoundTripsThroughAnnotations() throws {
        let metrics: JSONValue = [
            ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 60]]],
            ["type": "Resource", "resource": ["name": "memory", "target": ["type": "AverageValue", "averageValue": "500Mi"]]],
            [
                "type": "Pods",
                "pods": ["metric": ["name": "packets-per-second"], "target": ["type": "AverageValue", "averageValue": "1k"]],
            ],
        ]
        let behavior: JSONValue = [
            "scaleDown": ["stabilizationWindowSeconds": 300, "selectPolicy": "Max", "policies": [["type": "Percent", "value": 100, "periodSeconds": 15]]]
        ]
        let conditions: JSONValue = [
            [
                "type": "AbleToScale", "status": "True", "lastTransitionTime": "2026-12-07T08:00:00Z", "reason": "SucceededGetScale",
                "message": "the HPA controller was able to get the target's current scale",
            ]
        ]
        let current: JSONValue = [
            ["type": "Resource", "resource": ["name": "cpu", "current": ["averageUtilization": 40, "averageValue": "120m"]]]
        ]
        let stored: JSONValue = [
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": ["name": "web", "annotations": ["team": "a"]],
            "spec": ["scaleTargetRef": Self.reference, "minReplicas": 1, "maxReplicas": 10, "metrics": metrics, "behavior": behavior],
            "status": ["currentReplicas": 2, "desiredReplicas": 2, "currentMetrics": current, "conditions": conditions],
        ]
        let view = try v1.fromStorage(KubeObject(stored))
        #expect(view.json[["spec", "targetCPUUtilizationPercentage"]] == 60)
        #expect(view.json[["status", "currentCPUUtilizationPercentage"]] == 40)
        #expect(view.annotations["team"] == "a")
        #expect(view.annotations["autoscaling.alpha.kubernetes.io/metrics"] == #"[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}},{"type":"Pods","pods":{"metricName":"packets-per-second","targetAverageValue":"1k"}}]"#)
        #expect(view.annotations["autoscaling.alpha.kubernetes.io/current-metrics"] == #"[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":40,"currentAverageValue":"120m"}}]"#)
        #expect(view.annotations["autoscaling.alpha.kubernetes.io/conditions"] == #"[{"type":"AbleToScale","status":"True","lastTransitionTime":"2026-12-07T08:00:00Z","reason":"SucceededGetScale","message":"the HPA controller was able to get the target's current scale"}]"#)
        #expect(view.annotations["autoscaling.alpha.kubernetes.io/behavior"] == #"{"ScaleUp":null,"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}]}}"#)

        let back = try v1.toStorage(view).json
        #expect(back[["metadata", "annotations"]] == ["team": "a"])
        // kube-apiserver's conversion puts the CPU target after the metrics from the annotation.
        let backMetrics = back[["spec", "metrics"]]?.arrayValue ?? []
        #expect(Set(backMetrics) == Set(metrics.arrayValue ?? []) && backMetrics.last == metrics.arrayValue?.first)
        #expect(back[["spec", "behavior"]] == behavior)
        #expect(back[["status", "conditions"]] == conditions)
        #expect(back[["status", "currentMetrics"]] == current)
        #expect(back[["status", "currentReplicas"]] == 2)
    }

    @Test func aBadAnnotationDoesNotConvert() {
        let object: JSONValue = [
            "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler",
            "metadata": ["name": "web", "annotations": ["autoscaling.alpha.kubernetes.io/metrics": "{"]],
            "spec": ["scaleTargetRef": Self.reference, "maxReplicas": 3],
        ]
        #expect(throws: ConversionError.self) { try v1.toStorage(KubeObject(object)) }
    }

    @Test func anEventsV1EventIsACoreEventWithRenamedFields() throws {
        let event: JSONValue = [
            "apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": ["name": "web.1", "namespace": "default"],
            "eventTime": "2026-12-07T08:00:00.000000Z", "reportingController": "example.com/ctl", "reportingInstance": "ctl-1",
            "action": "Scale", "reason": "Scaled", "type": "Normal", "note": "scaled up",
            "regarding": ["kind": "Deployment", "name": "web", "namespace": "default", "apiVersion": "apps/v1"],
            "series": ["count": 2, "lastObservedTime": "2026-12-07T08:01:00.000000Z"],
        ]
        let type = BuiltinResources.eventsV1
        let stored = try type.toStorage(KubeObject(event)).json
        #expect(stored == [
            "apiVersion": "v1", "kind": "Event", "metadata": ["name": "web.1", "namespace": "default"],
            "eventTime": "2026-12-07T08:00:00.000000Z", "reportingComponent": "example.com/ctl", "reportingInstance": "ctl-1",
            "action": "Scale", "reason": "Scaled", "type": "Normal", "message": "scaled up",
            "involvedObject": ["kind": "Deployment", "name": "web", "namespace": "default", "apiVersion": "apps/v1"],
            "series": ["count": 2, "lastObservedTime": "2026-12-07T08:01:00.000000Z"],
            "source": [:], "firstTimestamp": .null, "lastTimestamp": .null,
        ])
        var back = try type.fromStorage(KubeObject(stored)).json
        #expect(back["deprecatedSource"] == .emptyObject && back["deprecatedFirstTimestamp"] == .null)
        back["deprecatedSource"] = nil
        back["deprecatedFirstTimestamp"] = nil
        back["deprecatedLastTimestamp"] = nil
        #expect(back == event)
    }

    @Test func aCoreEventSeenThroughEventsV1() throws {
        let core: JSONValue = [
            "apiVersion": "v1", "kind": "Event", "metadata": ["name": "web.1", "namespace": "default"],
            "involvedObject": ["kind": "Pod", "name": "web"], "reason": "Scheduled", "message": "Successfully assigned",
            "source": ["component": "default-scheduler"], "firstTimestamp": "2026-12-07T08:00:00Z",
            "lastTimestamp": "2026-12-07T08:00:00Z", "count": 1, "type": "Normal", "eventTime": .null,
            "reportingComponent": "default-scheduler", "reportingInstance": "",
        ]
        let view = try BuiltinResources.eventsV1.fromStorage(KubeObject(core)).json
        #expect(view == [
            "apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": ["name": "web.1", "namespace": "default"],
            "regarding": ["kind": "Pod", "name": "web"], "reason": "Scheduled", "note": "Successfully assigned",
            "deprecatedSource": ["component": "default-scheduler"], "deprecatedFirstTimestamp": "2026-12-07T08:00:00Z",
            "deprecatedLastTimestamp": "2026-12-07T08:00:00Z", "deprecatedCount": 1, "type": "Normal", "eventTime": .null,
            "reportingController": "default-scheduler",
        ])
    }
}
