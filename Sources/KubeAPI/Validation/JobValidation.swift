/// Jobs (batch `ValidateJob`, `ValidateJobUpdate`): the generated selector, counts, completion mode, the pod
/// template with a `restartPolicy` of `OnFailure` or `Never`, and what may not change.
enum JobValidation {
    static func validate(_ job: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(job.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        errors += generatedSelector(job)
        let spec = job.json.object("spec")
        errors += validateSpec(spec, "spec")
        if spec["selector"] == nil || spec["selector"]!.isNull {
            errors.append(.required("spec.selector"))
        } else {
            errors += LabelSelectorRules.validate(spec["selector"], "spec.selector")
        }
        let labels = spec.object("template").object("metadata").textMap("labels")
        if LabelSelectorRules.matches(spec["selector"], labels ?? [:]) == false {
            errors.append(.invalid("spec.template.metadata.labels", GoSyntax.stringMap(labels), "`selector` does not match template `labels`"))
        }
        if spec.text("completionMode") == "Indexed", let completions = spec.integer("completions"), completions > 0 {
            let hostname = "\(job.name)-\(completions - 1)"
            if !NameRules.isDNS1123Label(hostname).isEmpty {
                errors.append(.invalid("metadata.name", string: job.name, "will not able to create pod with invalid DNS label: \(hostname)"))
            }
        }
        return errors
    }

    /// The strategy runs the create rules and the update rules.
    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = validate(new) + ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
        let spec = new.json.object("spec")
        let oldSpec = old.json.object("spec")
        if spec.text("completionMode") != "Indexed" || spec.integer("completions") == nil {
            if !SpecDiff.equal(spec["completions"], oldSpec["completions"]) {
                errors.append(.immutable("spec.completions", GoSyntax.scalar(spec["completions"])))
            }
        } else if spec.integer("completions") != oldSpec.integer("completions") && spec.integer("completions") != spec.integer("parallelism") {
            errors.append(.invalid("spec.completions", GoSyntax.scalar(spec["completions"]), "can only be modified in tandem with spec.parallelism"))
        }
        if !SpecDiff.equal(spec["selector"], oldSpec["selector"]) {
            errors.append(.immutable("spec.selector", GoSyntax.labelSelector(spec["selector"])))
        }
        if !SpecDiff.equal(spec["template"], oldSpec["template"]) && oldSpec["suspend"]?.boolValue != true {
            errors.append(.immutable("spec.template", "core.PodTemplateSpec" + (SpecDiff.normalized(spec["template"])?.jsonString() ?? "{}")))
        }
        for field in ["completionMode", "podFailurePolicy", "backoffLimitPerIndex", "managedBy", "successPolicy"]
        where !SpecDiff.equal(spec[field], oldSpec[field]) {
            errors.append(.immutable(FieldPath("spec").child(field), GoSyntax.scalar(spec[field])))
        }
        return errors
    }

    /// `validateJobSpec`: what a Job and a CronJob's job template share.
    static func validateSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex"] {
            errors += RuleMessage.nonNegative(spec.integer(field), path.child(field))
        }
        if let maxFailed = spec.integer("maxFailedIndexes") {
            errors += RuleMessage.nonNegative(maxFailed, path.child("maxFailedIndexes"))
            if !spec.has("backoffLimitPerIndex") {
                errors.append(.required(path.child("backoffLimitPerIndex"), "when maxFailedIndexes is specified"))
            }
        }
        let mode = spec["completionMode"]?.stringValue
        if let mode {
            if mode != "NonIndexed" && mode != "Indexed" {
                errors.append(.notSupported(path.child("completionMode"), string: mode, ["NonIndexed", "Indexed"]))
            }
            if mode == "Indexed" {
                if !spec.has("completions") {
                    errors.append(.required(path.child("completions"), "when completion mode is Indexed"))
                }
                if let parallelism = spec.integer("parallelism"), parallelism > 100_000 {
                    errors.append(.invalid(path.child("parallelism"), int: parallelism, "must be less than or equal to 100000 when completion mode is Indexed"))
                }
            }
        }
        if mode == nil || mode == "NonIndexed" {
            for field in ["backoffLimitPerIndex", "maxFailedIndexes"] {
                if let value = spec.integer(field) {
                    errors.append(.invalid(path.child(field), int: value, "requires indexed completion mode"))
                }
            }
        }
        if let policy = spec["podReplacementPolicy"]?.stringValue {
            if spec.has("podFailurePolicy") {
                if policy != "Failed" { errors.append(.notSupported(path.child("podReplacementPolicy"), string: policy, ["Failed"])) }
            } else if policy != "Failed" && policy != "TerminatingOrFailed" {
                errors.append(.notSupported(path.child("podReplacementPolicy"), string: policy, ["Failed", "TerminatingOrFailed"]))
            }
        }
        let template = spec.object("template")
        errors += PodValidation.validateTemplate(template, path.child("template"))
        let restartPolicy = template.object("spec").text("restartPolicy")
        let restartPath = path.child("template", "spec", "restartPolicy")
        if restartPolicy == "Always" || restartPolicy.isEmpty {
            errors.append(.required(restartPath, "valid values: \"OnFailure\", \"Never\""))
        } else if restartPolicy != "OnFailure" && restartPolicy != "Never" {
            errors.append(.notSupported(restartPath, string: restartPolicy, ["OnFailure", "Never"]))
        } else if spec.has("podFailurePolicy") && restartPolicy != "Never" {
            errors.append(.invalid(restartPath, string: restartPolicy, "only \"Never\" is supported when podFailurePolicy is specified"))
        }
        return errors
    }

    /// `validateGeneratedSelector`: unless `manualSelector`, the selector is the one the server generated from
    /// the Job's uid, and the template carries the matching labels.
    private static func generatedSelector(_ job: KubeObject) -> [FieldError] {
        let spec = job.json.object("spec")
        guard spec["manualSelector"]?.boolValue != true, let selector = spec["selector"], !selector.isNull else { return [] }
        var errors: [FieldError] = []
        let uid = job.uid ?? ""
        if uid.isEmpty { errors.append(.required("metadata.uid")) }
        let labels = spec.object("template").object("metadata").textMap("labels")
        let expected = [
            ("controller-uid", uid), ("job-name", job.name), ("batch.kubernetes.io/controller-uid", uid), ("batch.kubernetes.io/job-name", job.name),
        ]
        for (key, value) in expected {
            let path = FieldPath("spec.template.metadata.labels").key(key)
            if let actual = labels?[key] {
                if actual != value { errors.append(.invalid(path, GoSyntax.stringMap(labels), "must be '\(value)'")) }
            } else {
                errors.append(.required(path, "must be '\(value)'"))
            }
        }
        if LabelSelectorRules.matches(selector, Dictionary(uniqueKeysWithValues: expected)) == false {
            errors.append(.invalid("spec.selector", GoSyntax.labelSelector(selector), "`selector` not auto-generated"))
        }
        return errors
    }
}
