/// HorizontalPodAutoscaler defaulting per served version (kubernetes `pkg/apis/autoscaling/v1/defaults.go` and
/// `v2/defaults.go`, 1.32): both default `minReplicas` to 1; v2 also gives an HPA without metrics the 80% CPU
/// utilization target and fills a behavior that is set with the rules kube-controller-manager used before it
/// existed (v1 gets its CPU target from conversion instead).
enum AutoscalingDefaults {
    static func applyToHorizontalPodAutoscaler(_ hpa: inout JSONValue, version: String) {
        hpa.update("spec", create: true) { spec in
            spec.setDefault("minReplicas", 1)
            guard version == "v2" else { return }
            if (spec["metrics"]?.arrayValue ?? []).isEmpty {
                spec["metrics"] = [
                    ["type": "Resource", "resource": ["name": "cpu", "target": ["type": "Utilization", "averageUtilization": 80]]]
                ]
            }
            guard let behavior = spec["behavior"], !behavior.isNull else { return }
            spec["behavior"] = [
                "scaleUp": rules(behavior["scaleUp"], defaults: scaleUp),
                "scaleDown": rules(behavior["scaleDown"], defaults: scaleDown),
            ]
        }
    }

    /// `GenerateHPAScaleUpRules`: no stabilization, the larger of 4 pods or 100% each 15 s.
    static let scaleUp: JSONValue = [
        "stabilizationWindowSeconds": 0, "selectPolicy": "Max",
        "policies": [["type": "Pods", "value": 4, "periodSeconds": 15], ["type": "Percent", "value": 100, "periodSeconds": 15]],
    ]
    /// `GenerateHPAScaleDownRules`: 100% each 15 s; the stabilization window stays unset (the controller's flag).
    static let scaleDown: JSONValue = [
        "selectPolicy": "Max", "policies": [["type": "Percent", "value": 100, "periodSeconds": 15]],
    ]

    /// The set fields of `rules` over `defaults`.
    private static func rules(_ rules: JSONValue?, defaults: JSONValue) -> JSONValue {
        var out = defaults
        for field in ["stabilizationWindowSeconds", "selectPolicy", "policies"] {
            if let value = rules?[field], !value.isNull { out[field] = value }
        }
        return out
    }
}
