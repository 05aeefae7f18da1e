/// StatefulSets (apps `ValidateStatefulSet`): DNS-1123 label names, and a spec of which only replicas, ordinals,
/// template, update strategy, PVC retention policy and minReadySeconds may change.
enum StatefulSetValidation {
    static func validate(_ statefulSet: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(statefulSet.metadata, namespaced: true, name: NameRules.dnsLabelName)
            + validateSpec(statefulSet.json.object("spec"), "spec")
    }

    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateSpec(new.json.object("spec"), "spec")
        var newSpec = new.json.object("spec")
        let oldSpec = old.json.object("spec")
        for field in ["replicas", "template", "updateStrategy", "minReadySeconds", "ordinals", "persistentVolumeClaimRetentionPolicy"] {
            newSpec[field] = oldSpec[field]
        }
        if !SpecDiff.equal(newSpec, oldSpec) {
            errors.append(
                .forbidden(
                    "spec",
                    "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
                ))
        }
        return errors
    }

    private static func validateSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        switch spec.text("podManagementPolicy") {
        case "": errors.append(.required(path.child("podManagementPolicy")))
        case "OrderedReady", "Parallel": break
        case let other: errors.append(.invalid(path.child("podManagementPolicy"), string: other, "must be 'OrderedReady' or 'Parallel'"))
        }
        let strategy = spec.object("updateStrategy")
        let strategyPath = path.child("updateStrategy")
        switch strategy.text("type") {
        case "":
            errors.append(.required(strategyPath))
        case "OnDelete":
            if let rollingUpdate = strategy["rollingUpdate"], !rollingUpdate.isNull {
                errors.append(
                    .invalid(strategyPath.child("rollingUpdate"), rollingUpdateValue(rollingUpdate), "only allowed for updateStrategy 'RollingUpdate'"))
            }
        case "RollingUpdate":
            if let rollingUpdate = strategy["rollingUpdate"], !rollingUpdate.isNull {
                let updatePath = strategyPath.child("rollingUpdate")
                errors += RuleMessage.nonNegative(rollingUpdate.integer("partition") ?? 0, updatePath.child("partition"))
                if let maxUnavailable = rollingUpdate["maxUnavailable"], !maxUnavailable.isNull {
                    errors += WorkloadRules.positiveIntOrPercent(maxUnavailable, updatePath.child("maxUnavailable"))
                    if WorkloadRules.intOrPercentValue(maxUnavailable) == 0 {
                        errors.append(.invalid(updatePath.child("maxUnavailable"), GoSyntax.intOrString(maxUnavailable), "cannot be 0"))
                    }
                    errors += WorkloadRules.notMoreThan100Percent(maxUnavailable, updatePath.child("maxUnavailable"))
                }
            }
        case let other:
            let rollingUpdate = strategy.has("rollingUpdate") ? "(*apps.RollingUpdateStatefulSetStrategy)(0xc000000000)" : "(*apps.RollingUpdateStatefulSetStrategy)(nil)"
            errors.append(
                .invalid(
                    strategyPath, "apps.StatefulSetUpdateStrategy{Type:\(GoSyntax.string(other)), RollingUpdate:\(rollingUpdate)}",
                    "must be 'RollingUpdate' or 'OnDelete'"))
        }
        if let policy = spec["persistentVolumeClaimRetentionPolicy"], !policy.isNull {
            for field in ["whenDeleted", "whenScaled"] where !["Retain", "Delete"].contains(policy.text(field)) {
                errors.append(
                    .notSupported(path.child("persistentVolumeClaimRetentionPolicy", field), string: policy.text(field), ["Retain", "Delete"]))
            }
        }
        errors += RuleMessage.nonNegative(spec.integer("replicas") ?? 0, path.child("replicas"))
        errors += RuleMessage.nonNegative(spec.integer("minReadySeconds") ?? 0, path.child("minReadySeconds"))
        if let ordinals = spec["ordinals"], !ordinals.isNull {
            errors += RuleMessage.nonNegative(ordinals.integer("start") ?? 0, path.child("ordinals.start"))
        }
        let selector = spec["selector"]
        let (selectorErrors, usable) = WorkloadRules.validateSelector(selector, kind: "statefulset", path.child("selector"))
        errors += selectorErrors
        let template = spec.object("template")
        if usable {
            let templatePath = path.child("template")
            errors += WorkloadRules.selectorMatchesTemplate(selector, template, templatePath)
            let metadata = template.object("metadata")
            errors += LabelRules.validateLabels(metadata.textMap("labels"), templatePath.child("labels"))
            errors += LabelRules.validateAnnotations(metadata.textMap("annotations"), templatePath.child("annotations"))
        } else {
            errors.append(.invalid(path.child("selector"), GoSyntax.labelSelector(selector), ""))
        }
        let restartPolicy = template.object("spec").text("restartPolicy")
        if restartPolicy != "Always" {
            errors.append(.notSupported(path.child("template", "spec", "restartPolicy"), string: restartPolicy, ["Always"]))
        }
        if template.object("spec").has("activeDeadlineSeconds") {
            errors.append(.forbidden(path.child("template", "spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in StatefulSet is not Supported"))
        }
        return errors
    }

    private static func rollingUpdateValue(_ rollingUpdate: JSONValue) -> String {
        let maxUnavailable = rollingUpdate.has("maxUnavailable") ? "(*intstr.IntOrString)(0xc000000000)" : "(*intstr.IntOrString)(nil)"
        return "apps.RollingUpdateStatefulSetStrategy{Partition:\(rollingUpdate.integer("partition") ?? 0), MaxUnavailable:\(maxUnavailable)}"
    }
}
