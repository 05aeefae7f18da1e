/// HorizontalPodAutoscalers, validated in their storage version (autoscaling/v2, the shape of the internal type
/// kube-apiserver validates whatever version a request used): kubernetes `pkg/apis/autoscaling/validation`
/// `ValidateHorizontalPodAutoscaler`, `...Update` and `...StatusUpdate`, with HPAScaleToZero off (1.32's default).
enum HorizontalPodAutoscalerValidation {
    static let metricSourceTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"]
    static let metricTargetTypes = ["AverageValue", "Utilization", "Value"]
    static let scalingPolicyTypes = ["Percent", "Pods"]
    static let selectPolicies = ["Disabled", "Max", "Min"]

    static func validate(_ hpa: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(hpa.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
            + validateSpec(hpa.json.object("spec"), "spec")
    }

    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateSpec(new.json.object("spec"), "spec")
            + validateStatus(new.json.object("status"))
    }

    /// `ValidateHorizontalPodAutoscalerStatusUpdate`: the replica counts cannot go negative.
    private static func validateStatus(_ status: JSONValue) -> [FieldError] {
        RuleMessage.nonNegative(status.integer("currentReplicas"), FieldPath("status").child("currentReplicas"))
            + RuleMessage.nonNegative(status.integer("desiredReplicas"), FieldPath("status").child("desiredReplicas"))
    }

    private static func validateSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let minimum = spec.integer("minReplicas")
        let maximum = spec.integer("maxReplicas") ?? 0
        if let minimum, minimum < 1 {
            errors.append(.invalid(path.child("minReplicas"), int: minimum, "must be greater than or equal to 1"))
        }
        if maximum < 1 { errors.append(.invalid(path.child("maxReplicas"), int: maximum, "must be greater than 0")) }
        if let minimum, maximum < minimum {
            errors.append(.invalid(path.child("maxReplicas"), int: maximum, "must be greater than or equal to `minReplicas`"))
        }
        let reference = spec.object("scaleTargetRef")
        for field in ["kind", "name"] {
            let value = reference.text(field)
            let fieldPath = path.child("scaleTargetRef").child(field)
            if value.isEmpty {
                errors.append(.required(fieldPath))
            } else {
                errors += NameRules.isValidPathSegmentName(value).map { .invalid(fieldPath, string: value, $0) }
            }
        }
        for (index, metric) in (spec["metrics"]?.arrayValue ?? []).enumerated() {
            errors += validateMetric(metric, path.child("metrics").index(index))
        }
        if let behavior = spec["behavior"], !behavior.isNull {
            for direction in ["scaleUp", "scaleDown"] {
                errors += validateRules(behavior[direction], path.child("behavior").child(direction))
            }
        }
        return errors
    }

    /// `validateMetricSpec`: a known source type whose source, and only it, is set, with a valid target.
    private static func validateMetric(_ metric: JSONValue, _ path: FieldPath) -> [FieldError] {
        let type = metric.text("type")
        if type.isEmpty { return [.required(path.child("type"), "must specify a metric source type")] }
        guard metricSourceTypes.contains(type) else { return [.notSupported(path.child("type"), string: type, metricSourceTypes)] }
        let field = type.prefix(1).lowercased() + type.dropFirst()
        guard let source = metric[field], !source.isNull else {
            return [.required(path.child(field), "must populate information for the given metric source")]
        }
        var errors: [FieldError] = []
        for other in metricSourceTypes.map({ $0.prefix(1).lowercased() + $0.dropFirst() }) where other != field && metric.has(other) {
            errors.append(.forbidden(path.child(other), "must populate the given metric source only"))
        }
        let sourcePath = path.child(field)
        if type == "Resource" || type == "ContainerResource" {
            if source.text("name").isEmpty { errors.append(.required(sourcePath.child("name"), "must specify a resource name")) }
            if type == "ContainerResource" && source.text("container").isEmpty {
                errors.append(.required(sourcePath.child("container"), "must specify a container"))
            }
            let target = source.object("target")
            if !target.has("averageUtilization") && !target.has("averageValue") {
                errors.append(.required(sourcePath.child("target").child("averageUtilization"), "must set either a target raw value or a target utilization"))
            }
        } else if source.object("metric").text("name").isEmpty {
            errors.append(.required(sourcePath.child("metric").child("name"), "must specify a metric name"))
        }
        errors += validateTarget(source.object("target"), sourcePath.child("target"))
        return errors
    }

    /// `validateMetricTarget`.
    private static func validateTarget(_ target: JSONValue, _ path: FieldPath) -> [FieldError] {
        let type = target.text("type")
        if type.isEmpty { return [.required(path.child("type"), "must specify a metric target type")] }
        guard metricTargetTypes.contains(type) else { return [.notSupported(path.child("type"), string: type, metricTargetTypes)] }
        if let utilization = target.integer("averageUtilization"), utilization < 1 {
            return [.invalid(path.child("averageUtilization"), int: utilization, "must be greater than 0")]
        }
        return []
    }

    /// `validateScalingRules`: a known select policy, a window of at most an hour, valid policies.
    private static func validateRules(_ rules: JSONValue?, _ path: FieldPath) -> [FieldError] {
        guard let rules, !rules.isNull else { return [] }
        var errors: [FieldError] = []
        if let window = rules.integer("stabilizationWindowSeconds"), window < 0 || window > 3600 {
            let detail = window < 0 ? "must be greater than or equal to zero" : "must be less than or equal to 3600"
            errors.append(.invalid(path.child("stabilizationWindowSeconds"), int: window, detail))
        }
        if let select = rules["selectPolicy"]?.stringValue, !selectPolicies.contains(select) {
            errors.append(.notSupported(path.child("selectPolicy"), string: select, selectPolicies))
        }
        let policies = rules["policies"]?.arrayValue ?? []
        if policies.isEmpty { errors.append(.required(path.child("policies"), "must specify at least one Policy")) }
        for (index, policy) in policies.enumerated() {
            let policyPath = path.child("policies").index(index)
            let type = policy.text("type")
            if !scalingPolicyTypes.contains(type) { errors.append(.notSupported(policyPath.child("type"), string: type, scalingPolicyTypes)) }
            let value = policy.integer("value") ?? 0
            if value <= 0 { errors.append(.invalid(policyPath.child("value"), int: value, "must be greater than zero")) }
            let period = policy.integer("periodSeconds") ?? 0
            if period <= 0 { errors.append(.invalid(policyPath.child("periodSeconds"), int: period, "must be greater than zero")) }
            if period > 1800 { errors.append(.invalid(policyPath.child("periodSeconds"), int: period, "must be less than or equal to 1800")) }
        }
        return errors
    }
}
