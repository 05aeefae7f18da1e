/// Deployments (apps `ValidateDeployment`, `ValidateDeploymentStrategy`; the strategy's immutable selector).
enum DeploymentValidation {
    static func validate(_ deployment: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(deployment.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
            + validateSpec(deployment.json.object("spec"), "spec")
    }

    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateSpec(new.json.object("spec"), "spec")
            + WorkloadRules.immutableSelector(new, old)
    }

    private static func validateSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors = RuleMessage.nonNegative(spec.integer("replicas") ?? 0, path.child("replicas"))
        let selector = spec["selector"]
        let (selectorErrors, usable) = WorkloadRules.validateSelector(selector, kind: "deployment", path.child("selector"))
        errors += selectorErrors
        if usable {
            errors += WorkloadRules.validateTemplate(spec["template"] ?? .emptyObject, selector: selector, kind: "ReplicaSet", path.child("template"))
        } else {
            errors.append(.invalid(path.child("selector"), GoSyntax.labelSelector(selector), "invalid label selector"))
        }
        errors += validateStrategy(spec.object("strategy"), path.child("strategy"))
        let minReadySeconds = spec.integer("minReadySeconds") ?? 0
        errors += RuleMessage.nonNegative(minReadySeconds, path.child("minReadySeconds"))
        errors += RuleMessage.nonNegative(spec.integer("revisionHistoryLimit"), path.child("revisionHistoryLimit"))
        if let deadline = spec.integer("progressDeadlineSeconds") {
            errors += RuleMessage.nonNegative(deadline, path.child("progressDeadlineSeconds"))
            if deadline <= minReadySeconds {
                errors.append(.invalid(path.child("progressDeadlineSeconds"), int: deadline, "must be greater than minReadySeconds"))
            }
        }
        return errors
    }

    private static func validateStrategy(_ strategy: JSONValue, _ path: FieldPath) -> [FieldError] {
        switch strategy.text("type") {
        case "Recreate":
            return strategy.has("rollingUpdate")
                ? [.forbidden(path.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")] : []
        case "RollingUpdate":
            guard let rollingUpdate = strategy["rollingUpdate"], !rollingUpdate.isNull else {
                return [.required(path.child("rollingUpdate"), "this should be defaulted and never be nil")]
            }
            let updatePath = path.child("rollingUpdate")
            var errors = WorkloadRules.positiveIntOrPercent(rollingUpdate["maxUnavailable"], updatePath.child("maxUnavailable"))
            errors += WorkloadRules.positiveIntOrPercent(rollingUpdate["maxSurge"], updatePath.child("maxSurge"))
            if WorkloadRules.intOrPercentValue(rollingUpdate["maxUnavailable"]) == 0
                && WorkloadRules.intOrPercentValue(rollingUpdate["maxSurge"]) == 0
            {
                errors.append(
                    .invalid(updatePath.child("maxUnavailable"), GoSyntax.intOrString(rollingUpdate["maxUnavailable"]), "may not be 0 when `maxSurge` is 0"))
            }
            errors += WorkloadRules.notMoreThan100Percent(rollingUpdate["maxUnavailable"], updatePath.child("maxUnavailable"))
            return errors
        default:
            let rollingUpdate = strategy.has("rollingUpdate") ? "(*apps.RollingUpdateDeployment)(0xc000000000)" : "(*apps.RollingUpdateDeployment)(nil)"
            return [
                .notSupported(
                    path, "apps.DeploymentStrategy{Type:\(GoSyntax.string(strategy.text("type"))), RollingUpdate:\(rollingUpdate)}",
                    ["Recreate", "RollingUpdate"])
            ]
        }
    }
}
