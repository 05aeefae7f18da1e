/// PodDisruptionBudgets (policy `ValidatePodDisruptionBudget`, `ValidatePodDisruptionBudgetStatusUpdate`).
enum PodDisruptionBudgetValidation {
    static let unhealthyPodEvictionPolicies = ["AlwaysAllow", "IfHealthyBudget"]

    static func validate(_ budget: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(budget.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
            + validateSpec(budget.json.object("spec"), "spec")
    }

    /// The spec stays mutable in policy/v1; the status counts (written through `status`) cannot go negative.
    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateSpec(new.json.object("spec"), "spec")
        let status = new.json.object("status")
        for field in ["disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"] {
            errors += RuleMessage.nonNegative(status.integer(field), FieldPath("status").child(field))
        }
        return errors
    }

    private static func validateSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let minAvailable = spec["minAvailable"].flatMap { $0.isNull ? nil : $0 }
        let maxUnavailable = spec["maxUnavailable"].flatMap { $0.isNull ? nil : $0 }
        if minAvailable != nil && maxUnavailable != nil {
            errors.append(.invalid(path, goSpec(spec), "minAvailable and maxUnavailable cannot be both set"))
        }
        for (name, value) in [("minAvailable", minAvailable), ("maxUnavailable", maxUnavailable)] {
            guard let value else { continue }
            errors += WorkloadRules.positiveIntOrPercent(value, path.child(name))
            errors += WorkloadRules.notMoreThan100Percent(value, path.child(name))
        }
        errors += LabelSelectorRules.validate(spec["selector"], path.child("selector"))
        if let policy = spec["unhealthyPodEvictionPolicy"]?.stringValue, !unhealthyPodEvictionPolicies.contains(policy) {
            errors.append(.notSupported(path.child("unhealthyPodEvictionPolicy"), string: policy, unhealthyPodEvictionPolicies))
        }
        return errors
    }

    /// The spec as `%#v` prints the internal struct (pointers as kube-apiserver shows them, one address for all).
    private static func goSpec(_ spec: JSONValue) -> String {
        func pointer(_ field: String, _ type: String) -> String {
            spec.has(field) && !(spec[field]?.isNull ?? true) ? "(*\(type))(0xc000000000)" : "(*\(type))(nil)"
        }
        return "policy.PodDisruptionBudgetSpec{MinAvailable:\(pointer("minAvailable", "intstr.IntOrString")), "
            + "Selector:\(pointer("selector", "v1.LabelSelector")), MaxUnavailable:\(pointer("maxUnavailable", "intstr.IntOrString")), "
            + "UnhealthyPodEvictionPolicy:\(pointer("unhealthyPodEvictionPolicy", "policy.UnhealthyPodEvictionPolicyType"))}"
    }
}
