/// ReplicaSets (apps `ValidateReplicaSet`) and ReplicationControllers (core `ValidateReplicationController`).
enum ReplicaSetValidation {
    static func validate(_ replicaSet: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(replicaSet.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
            + validateSpec(replicaSet.json.object("spec"), "spec")
    }

    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateSpec(new.json.object("spec"), "spec")
            + WorkloadRules.immutableSelector(new, old)
    }

    private static func validateSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors = RuleMessage.nonNegative(spec.integer("replicas") ?? 0, path.child("replicas"))
        errors += RuleMessage.nonNegative(spec.integer("minReadySeconds") ?? 0, path.child("minReadySeconds"))
        let selector = spec["selector"]
        let (selectorErrors, usable) = WorkloadRules.validateSelector(selector, kind: "deployment", path.child("selector"))
        errors += selectorErrors
        if usable {
            errors += WorkloadRules.validateTemplate(spec["template"] ?? .emptyObject, selector: selector, kind: "ReplicaSet", path.child("template"))
        } else {
            errors.append(.invalid(path.child("selector"), GoSyntax.labelSelector(selector), "invalid label selector"))
        }
        return errors
    }

    /// A ReplicationController: a map selector, which must not be empty.
    static func validateController(_ controller: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(controller.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
            + validateControllerSpec(controller.json.object("spec"), "spec")
    }

    static func validateControllerUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateControllerSpec(new.json.object("spec"), "spec")
    }

    private static func validateControllerSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors = RuleMessage.nonNegative(spec.integer("minReadySeconds") ?? 0, path.child("minReadySeconds"))
        let selector = spec.textMap("selector") ?? [:]
        if selector.isEmpty { errors.append(.required(path.child("selector"))) }
        errors += RuleMessage.nonNegative(spec.integer("replicas") ?? 0, path.child("replicas"))
        let matchLabels: JSONValue = ["matchLabels": .object(selector.mapValues(JSONValue.string))]
        errors += WorkloadRules.validateTemplate(spec["template"], selector: matchLabels, kind: "ReplicationController", path.child("template"))
        return errors
    }
}
