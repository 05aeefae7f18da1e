/// Rules the workload kinds share: pod templates that their selector must select, rolling-update amounts and
/// selectors that may not change.
enum WorkloadRules {
    /// `ValidatePodTemplateSpecForReplicaSet` and its kin: the template's labels must be selected (unless the
    /// selector selects everything), the pod spec valid, and `restartPolicy` `Always`. `kind` names the owner in
    /// the activeDeadlineSeconds message ("ReplicaSet", "DaemonSet", ...).
    static func validateTemplate(_ template: JSONValue?, selector: JSONValue?, kind: String, _ path: FieldPath) -> [FieldError] {
        guard let template, !template.isNull else { return [.required(path)] }
        var errors = selectorMatchesTemplate(selector, template, path)
        errors += PodValidation.validateTemplate(template, path)
        let spec = template.object("spec")
        let restartPolicy = spec.text("restartPolicy")
        if restartPolicy != "Always" {
            errors.append(.notSupported(path.child("spec", "restartPolicy"), string: restartPolicy, ["Always"]))
        }
        if spec.has("activeDeadlineSeconds") {
            errors.append(.forbidden(path.child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in \(kind) is not Supported"))
        }
        return errors
    }

    /// The template's labels must match a selector that is not empty; a missing selector matches nothing.
    static func selectorMatchesTemplate(_ selector: JSONValue?, _ template: JSONValue, _ path: FieldPath) -> [FieldError] {
        let missing = selector == nil || selector!.isNull
        guard missing || !LabelSelectorRules.isEmpty(selector) else { return [] }
        let labels = template.object("metadata").textMap("labels")
        guard let matches = LabelSelectorRules.matches(selector, labels ?? [:]), !matches else { return [] }
        return [.invalid(path.child("metadata", "labels"), GoSyntax.stringMap(labels), "`selector` does not match template `labels`")]
    }

    /// The selector of a Deployment, ReplicaSet or StatefulSet: required, valid and not empty. Returns whether it
    /// converts to a selector.
    static func validateSelector(_ selector: JSONValue?, kind: String, _ path: FieldPath) -> (errors: [FieldError], usable: Bool) {
        guard let selector, !selector.isNull else { return ([.required(path)], true) }
        var errors = LabelSelectorRules.validate(selector, path)
        if LabelSelectorRules.isEmpty(selector) {
            errors.append(.invalid(path, GoSyntax.labelSelector(selector), "empty selector is invalid for \(kind)"))
        }
        return (errors, LabelSelectorRules.matches(selector, [:]) != nil)
    }

    /// `ValidateImmutableField` for `spec.selector`.
    static func immutableSelector(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        let selector = new.json.object("spec")["selector"]
        guard !SpecDiff.equal(selector, old.json.object("spec")["selector"]) else { return [] }
        let rendered = selector == nil || selector!.isNull ? "null" : GoSyntax.labelSelector(selector)
        return [.immutable("spec.selector", rendered)]
    }

    /// `ValidatePositiveIntOrPercent`.
    static func positiveIntOrPercent(_ value: JSONValue?, _ path: FieldPath) -> [FieldError] {
        if let text = value?.stringValue {
            return NameRules.isValidPercent(text).map { .invalid(path, GoSyntax.intOrString(value), $0) }
        }
        return RuleMessage.nonNegative(value?.intValue ?? 0, path)
    }

    /// `getIntOrPercentValue`: the number, or the percentage without its `%`.
    static func intOrPercentValue(_ value: JSONValue?) -> Int64 {
        guard let text = value?.stringValue else { return value?.intValue ?? 0 }
        if NameRules.isValidPercent(text).isEmpty { return Int64(text.dropLast()) ?? 0 }
        return Int64(text) ?? 0
    }

    /// `IsNotMoreThan100Percent`.
    static func notMoreThan100Percent(_ value: JSONValue?, _ path: FieldPath) -> [FieldError] {
        guard let text = value?.stringValue, NameRules.isValidPercent(text).isEmpty, intOrPercentValue(value) > 100 else { return [] }
        return [.invalid(path, GoSyntax.intOrString(value), "must not be greater than 100%")]
    }
}
