/// DaemonSets (apps `ValidateDaemonSet`, `ValidateDaemonSetUpdateStrategy`).
enum DaemonSetValidation {
    static func validate(_ daemonSet: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(daemonSet.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
            + validateSpec(daemonSet.json.object("spec"), "spec")
    }

    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateSpec(new.json.object("spec"), "spec")
            + WorkloadRules.immutableSelector(new, old)
    }

    private static func validateSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        let selector = spec["selector"]
        var errors = LabelSelectorRules.validate(selector, path.child("selector"))
        let template = spec.object("template")
        if LabelSelectorRules.matches(selector, template.object("metadata").textMap("labels") ?? [:]) == false {
            errors.append(
                .invalid(path.child("template", "metadata", "labels"), GoSyntax.stringMap(template.object("metadata").textMap("labels")),
                    "`selector` does not match template `labels`"))
        }
        if let selector, !selector.isNull, LabelSelectorRules.isEmpty(selector) {
            errors.append(.invalid(path.child("selector"), GoSyntax.labelSelector(selector), "empty selector is invalid for daemonset"))
        }
        // The selector was matched above, with DaemonSet's own rule; an empty one skips the shared check.
        errors += WorkloadRules.validateTemplate(template, selector: .emptyObject, kind: "DaemonSet", path.child("template"))
        errors += RuleMessage.nonNegative(spec.integer("minReadySeconds") ?? 0, path.child("minReadySeconds"))
        errors += validateStrategy(spec.object("updateStrategy"), path.child("updateStrategy"))
        errors += RuleMessage.nonNegative(spec.integer("revisionHistoryLimit"), path.child("revisionHistoryLimit"))
        return errors
    }

    private static func validateStrategy(_ strategy: JSONValue, _ path: FieldPath) -> [FieldError] {
        switch strategy.text("type") {
        case "OnDelete":
            return []
        case "RollingUpdate":
            guard let rollingUpdate = strategy["rollingUpdate"], !rollingUpdate.isNull else { return [.required(path.child("rollingUpdate"))] }
            let updatePath = path.child("rollingUpdate")
            let maxUnavailable = rollingUpdate["maxUnavailable"]
            let maxSurge = rollingUpdate["maxSurge"]
            var errors = WorkloadRules.positiveIntOrPercent(maxUnavailable, updatePath.child("maxUnavailable"))
            errors += WorkloadRules.positiveIntOrPercent(maxSurge, updatePath.child("maxSurge"))
            errors += WorkloadRules.notMoreThan100Percent(maxUnavailable, updatePath.child("maxUnavailable"))
            errors += WorkloadRules.notMoreThan100Percent(maxSurge, updatePath.child("maxSurge"))
            let hasUnavailable = WorkloadRules.intOrPercentValue(maxUnavailable) != 0
            let hasSurge = WorkloadRules.intOrPercentValue(maxSurge) != 0
            if hasUnavailable && hasSurge {
                errors.append(.invalid(updatePath.child("maxSurge"), GoSyntax.intOrString(maxSurge), "may not be set when maxUnavailable is non-zero"))
            } else if !hasUnavailable && !hasSurge {
                errors.append(.required(updatePath.child("maxUnavailable"), "cannot be 0 when maxSurge is 0"))
            }
            return errors
        default:
            let rollingUpdate = strategy.has("rollingUpdate") ? "(*apps.RollingUpdateDaemonSet)(0xc000000000)" : "(*apps.RollingUpdateDaemonSet)(nil)"
            return [
                .notSupported(
                    path, "apps.DaemonSetUpdateStrategy{Type:\(GoSyntax.string(strategy.text("type"))), RollingUpdate:\(rollingUpdate)}",
                    ["RollingUpdate", "OnDelete"])
            ]
        }
    }
}
