import KubeAPI
import Testing

/// HorizontalPodAutoscaler validation (kubernetes `pkg/apis/autoscaling/validation`), in autoscaling/v2's form,
/// whichever version the request used.
struct ValidationAutoscalingTests {
    static func hpa(_ spec: JSONValue) -> KubeObject {
        var full: JSONValue = ["scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"], "maxReplicas": 3]
        for (key, value) in spec.objectValue ?? [:] { full[key] = value }
        return KubeObject([
            "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": ["name": "web", "namespace": "default"],
            "spec": full,
        ])
    }

    static func messages(_ object: KubeObject, _ type: ResourceType = BuiltinResources.horizontalPodAutoscalers) -> [String] {
        Validation.validate(object, type: type).map(\.description)
    }

    static let invalid: [(spec: JSONValue, message: String)] = [
        (["minReplicas": 0], "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1"),
        (["maxReplicas": 0], "spec.maxReplicas: Invalid value: 0: must be greater than 0"),
        (["scaleTargetRef": ["kind": "Deployment"]], "spec.scaleTargetRef.name: Required value"),
        (
            ["metrics": [["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 50, "averageValue": "100m"]]]]],
            "spec.metrics[0].resource.target.averageValue: Forbidden: may not set both a target raw value and a target utilization"
        ),
        (
            ["metrics": [["type": "Pods", "pods": ["metric": ["name": "qps"], "target": ["type": "AverageValue"]]]]],
            "spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue"
        ),
        (
            ["metrics": [["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Percent", "averageUtilization": 0]]]]],
            #"spec.metrics[0].resource.target.type: Invalid value: "Percent": must be either Utilization, Value, or AverageValue"#
        ),
        (["metrics": [["type": "Pods"]]], "spec.metrics[0].pods: Required value: must populate information for the given metric source"),
        (
            ["behavior": ["scaleUp": ["policies": [["type": "Pods", "value": 0, "periodSeconds": 15]]]]],
            "spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero"
        ),
    ]

    @Test(arguments: invalid)
    func invalidSpecsAreRefusedWithKubeAPIServersMessages(spec: JSONValue, message: String) {
        #expect(Self.messages(Self.hpa(spec)).contains(message), "\(Self.messages(Self.hpa(spec)))")
    }

    @Test func aV1RequestIsValidatedInV2Form() {
        let v1 = KubeObject([
            "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": ["name": "web", "namespace": "default"],
            "spec": ["scaleTargetRef": ["kind": "Deployment", "name": "web"], "maxReplicas": 3, "targetCPUUtilizationPercentage": 0],
        ])
        #expect(Self.messages(v1, BuiltinResources.horizontalPodAutoscalersV1) == [
            "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0"
        ])
        #expect(Self.messages(Self.hpa(.emptyObject)).isEmpty)
    }
}
