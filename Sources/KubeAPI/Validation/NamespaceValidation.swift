/// Namespaces, Nodes and ServiceAccounts (core `ValidateNamespace`, `ValidateNode`, `ValidateServiceAccount`).
enum NamespaceValidation {
    static func validateNamespace(_ namespace: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(namespace.metadata, namespaced: false, name: NameRules.dnsLabelName)
        for finalizer in namespace.json.object("spec").texts("finalizers") {
            errors += LabelRules.isQualifiedName(finalizer).map { .invalid("spec.finalizers", string: finalizer, $0) }
            errors += ObjectMetaValidation.kubeFinalizerName(finalizer, "spec.finalizers")
        }
        return errors
    }

    static func validateNode(_ node: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(node.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let spec = node.json.object("spec")
        errors += taints(spec.list("taints"), "metadata.taints")
        for field in ["capacity", "allocatable"] {
            let (quantities, quantityErrors) = ResourceRules.list(node.json.object("status")[field], FieldPath("status").child(field))
            errors += quantityErrors
            for (name, quantity) in quantities {
                errors += ResourceRules.validateQuantityValue(name, quantity, FieldPath("status").child(field, name))
            }
        }
        let cidrs = spec.texts("podCIDRs")
        for (index, cidr) in cidrs.enumerated() {
            errors += NetworkRules.validateCIDR(cidr, FieldPath("spec.podCIDRs").index(index))
        }
        return errors
    }

    /// `ValidateNodeUpdate`: podCIDRs and providerID are set once.
    static func validateNodeUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
        let spec = new.json.object("spec")
        let oldSpec = old.json.object("spec")
        let oldCIDRs = oldSpec.texts("podCIDRs")
        if !oldCIDRs.isEmpty && oldCIDRs != spec.texts("podCIDRs") {
            errors.append(.forbidden("spec.podCIDRs", "node updates may not change podCIDR except from \"\" to valid"))
        }
        let oldProvider = oldSpec.text("providerID")
        if !oldProvider.isEmpty && oldProvider != spec.text("providerID") {
            errors.append(.forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"))
        }
        errors += taints(spec.list("taints"), "metadata.taints")
        return errors
    }

    /// `validateNodeTaints`: label-like keys and values, a known effect, unique by key and effect.
    private static func taints(_ taints: [JSONValue], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var seen: Set<String> = []
        for (index, taint) in taints.enumerated() {
            let taintPath = path.index(index)
            errors += LabelRules.validateLabelName(taint.text("key"), taintPath.child("key"))
            let messages = LabelRules.isValidLabelValue(taint.text("value"))
            if !messages.isEmpty {
                errors.append(.invalid(taintPath.child("value"), string: taint.text("value"), messages.joined(separator: ";")))
            }
            errors += PodSpecValidation.enumeration(taint.text("effect"), ["NoSchedule", "PreferNoSchedule", "NoExecute"], taintPath.child("effect"))
            if !seen.insert("\(taint.text("effect"))/\(taint.text("key"))").inserted {
                errors.append(
                    FieldError(
                        .duplicate, taintPath.description,
                        value: "core.Taint{Key:\(GoSyntax.string(taint.text("key"))), Value:\(GoSyntax.string(taint.text("value"))), Effect:\(GoSyntax.string(taint.text("effect"))), TimeAdded:<nil>}",
                        "taints must be unique by key and effect pair"))
            }
        }
        return errors
    }

    static func validateServiceAccount(_ account: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(account.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
    }
}
