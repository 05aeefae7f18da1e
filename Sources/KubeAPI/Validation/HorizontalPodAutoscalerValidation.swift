import Foundation

/// HorizontalPodAutoscalers, validated in their storage version (autoscaling/v2, the shape of the internal type
/// kube-apiserver validates whatever version a request used): kubernetes `pkg/apis/autoscaling/validation`
/// `ValidateHorizontalPodAutoscaler`, `...Update` and `...StatusUpdate`, with HPAScaleToZero off (1.32's default).
enum HorizontalPodAutoscalerValidation {
    static let metricSourceTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"]
    static let metricTargetTypes = ["Utilization", "Value", "AverageValue"]
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
        errors += validateReference(spec.object("scaleTargetRef"), path.child("scaleTargetRef"))
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

    /// `validateMetricSpec`: a known source type whose source, and only it, is set; the first source set is
    /// validated.
    private static func validateMetric(_ metric: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let type = metric.text("type")
        if type.isEmpty { errors.append(.required(path.child("type"), "must specify a metric source type")) }
        if !metricSourceTypes.contains(type) { errors.append(.notSupported(path.child("type"), string: type, metricSourceTypes)) }
        let present = ["object", "external", "pods", "resource", "containerResource"].filter { metric[$0].map { !$0.isNull } ?? false }
        if let first = present.first, let source = metric[first] {
            errors += validateSource(first, source, path.child(first))
        }
        let expected = type.prefix(1).lowercased() + type.dropFirst()
        if metricSourceTypes.contains(type) && !present.contains(expected) {
            errors.append(.required(path.child(expected), "must populate information for the given metric source"))
        }
        if present.count != 1 {
            for other in present.filter({ $0 != expected }).sorted() {
                errors.append(.forbidden(path.child(other), "must populate the given metric source only"))
            }
        }
        return errors
    }

    /// `validateObjectSource`, `validateExternalSource`, `validatePodsSource`, `validateResourceSource` and
    /// `validateContainerResourceSource`.
    private static func validateSource(_ field: String, _ source: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let target = source.object("target")
        let targetPath = path.child("target")
        func has(_ name: String) -> Bool { target[name].map { !$0.isNull } ?? false }
        switch field {
        case "resource", "containerResource":
            if source.text("name").isEmpty { errors.append(.required(path.child("name"), "must specify a resource name")) }
            if field == "containerResource" {
                let container = source.text("container")
                if container.isEmpty {
                    errors.append(.required(path.child("container"), "must specify a container"))
                } else {
                    errors += NameRules.isDNS1123Label(container).map { .invalid(path.child("container"), string: container, $0) }
                }
            }
            errors += validateTarget(target, targetPath)
            if !has("averageUtilization") && !has("averageValue") {
                errors.append(.required(targetPath.child("averageUtilization"), "must set either a target raw value or a target utilization"))
            }
            if has("averageUtilization") && has("averageValue") {
                errors.append(.forbidden(targetPath.child("averageValue"), "may not set both a target raw value and a target utilization"))
            }
        case "object":
            errors += validateReference(source.object("describedObject"), path.child("describedObject"))
            errors += validateIdentifier(source.object("metric"), path.child("metric"))
            errors += validateTarget(target, targetPath)
            if !has("value") && !has("averageValue") {
                errors.append(.required(targetPath.child("averageValue"), "must set either a target value or averageValue"))
            }
        case "external":
            errors += validateIdentifier(source.object("metric"), path.child("metric"))
            errors += validateTarget(target, targetPath)
            if !has("value") && !has("averageValue") {
                errors.append(.required(targetPath.child("averageValue"), "must set either a target value for metric or a per-pod target"))
            }
            if has("value") && has("averageValue") {
                errors.append(.forbidden(targetPath.child("value"), "may not set both a target value for metric and a per-pod target"))
            }
        default:
            errors += validateIdentifier(source.object("metric"), path.child("metric"))
            errors += validateTarget(target, targetPath)
            if !has("averageValue") {
                errors.append(.required(targetPath.child("averageValue"), "must specify a positive target averageValue"))
            }
        }
        return errors
    }

    /// `validateMetricTarget`.
    private static func validateTarget(_ target: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let type = target.text("type")
        if type.isEmpty { errors.append(.required(path.child("type"), "must specify a metric target type")) }
        if !metricTargetTypes.contains(type) {
            errors.append(.invalid(path.child("type"), string: type, "must be either Utilization, Value, or AverageValue"))
        }
        for field in ["value", "averageValue"] {
            if let value = target[field], !value.isNull, let quantity = Quantity(json: value), !(Quantity(value: 0, format: .decimalSI) < quantity) {
                errors.append(.invalid(path.child(field), value.stringValue ?? value.jsonString(), "must be positive"))
            }
        }
        if let utilization = target.integer("averageUtilization"), utilization < 1 {
            errors.append(.invalid(path.child("averageUtilization"), int: utilization, "must be greater than 0"))
        }
        return errors
    }

    /// `validateMetricIdentifier`.
    private static func validateIdentifier(_ metric: JSONValue, _ path: FieldPath) -> [FieldError] {
        let name = metric.text("name")
        if name.isEmpty { return [.required(path.child("name"), "must specify a metric name")] }
        return NameRules.isValidPathSegmentName(name).map { .invalid(path.child("name"), string: name, $0) }
    }

    /// `ValidateCrossVersionObjectReference`: a kind and a name that are valid path segments.
    private static func validateReference(_ reference: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["kind", "name"] {
            let value = reference.text(field)
            if value.isEmpty {
                errors.append(.required(path.child(field)))
            } else {
                errors += NameRules.isValidPathSegmentName(value).map { .invalid(path.child(field), string: value, $0) }
            }
        }
        return errors
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
