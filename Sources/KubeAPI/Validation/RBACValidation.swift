/// Roles, ClusterRoles and their bindings (rbac `ValidateRole`, `ValidateRoleBinding`, ...): path-segment names,
/// rules with verbs, a role reference that cannot change, and well-formed subjects.
enum RBACValidation {
    static let group = "rbac.authorization.k8s.io"

    static func validateRole(_ role: KubeObject, namespaced: Bool) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(role.metadata, namespaced: namespaced, name: NameRules.pathSegmentName)
        for (index, rule) in role.json.list("rules").enumerated() {
            errors += validateRule(rule, namespaced: namespaced, FieldPath("rules").index(index))
        }
        if !namespaced, let aggregation = role.json["aggregationRule"], !aggregation.isNull {
            let selectors = aggregation.list("clusterRoleSelectors")
            if selectors.isEmpty {
                errors.append(.required("aggregationRule.clusterRoleSelectors", "at least one clusterRoleSelector required if aggregationRule is non-nil"))
            }
            for (index, selector) in selectors.enumerated() {
                errors += LabelSelectorRules.validate(selector, FieldPath("aggregationRule.clusterRoleSelectors").index(index))
            }
        }
        return errors
    }

    static func validateRoleUpdate(_ new: KubeObject, _ old: KubeObject, namespaced: Bool) -> [FieldError] {
        validateRole(new, namespaced: namespaced) + ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
    }

    /// `ValidatePolicyRule`.
    private static func validateRule(_ rule: JSONValue, namespaced: Bool, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if rule.list("verbs").isEmpty { errors.append(.required(path.child("verbs"), "verbs must contain at least one value")) }
        let urls = rule.texts("nonResourceURLs")
        if !urls.isEmpty {
            if namespaced {
                errors.append(.invalid(path.child("nonResourceURLs"), GoSyntax.strings(urls), "namespaced rules cannot apply to non-resource URLs"))
            }
            if !rule.list("apiGroups").isEmpty || !rule.list("resources").isEmpty || !rule.list("resourceNames").isEmpty {
                errors.append(
                    .invalid(path.child("nonResourceURLs"), GoSyntax.strings(urls), "rules cannot apply to both regular resources and non-resource URLs"))
            }
            return errors
        }
        if rule.list("apiGroups").isEmpty {
            errors.append(.required(path.child("apiGroups"), "resource rules must supply at least one api group"))
        }
        if rule.list("resources").isEmpty {
            errors.append(.required(path.child("resources"), "resource rules must supply at least one resource"))
        }
        return errors
    }

    static func validateBinding(_ binding: KubeObject, namespaced: Bool) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(binding.metadata, namespaced: namespaced, name: NameRules.pathSegmentName)
        let roleRef = binding.json.object("roleRef")
        if roleRef.text("apiGroup") != group {
            errors.append(.notSupported("roleRef.apiGroup", string: roleRef.text("apiGroup"), [group]))
        }
        let kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"]
        if !kinds.contains(roleRef.text("kind")) {
            errors.append(.notSupported("roleRef.kind", string: roleRef.text("kind"), kinds))
        }
        let roleName = roleRef.text("name")
        if roleName.isEmpty {
            errors.append(.required("roleRef.name"))
        } else {
            errors += NameRules.isValidPathSegmentName(roleName).map { .invalid("roleRef.name", string: roleName, $0) }
        }
        for (index, subject) in binding.json.list("subjects").enumerated() {
            errors += validateSubject(subject, namespaced: namespaced, FieldPath("subjects").index(index))
        }
        return errors
    }

    /// The role reference may not change: delete and recreate the binding instead.
    static func validateBindingUpdate(_ new: KubeObject, _ old: KubeObject, namespaced: Bool) -> [FieldError] {
        var errors = validateBinding(new, namespaced: namespaced) + ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
        let roleRef = new.json.object("roleRef")
        let oldRef = old.json.object("roleRef")
        if ["apiGroup", "kind", "name"].contains(where: { roleRef.text($0) != oldRef.text($0) }) {
            let rendered =
                "rbac.RoleRef{APIGroup:\(GoSyntax.string(roleRef.text("apiGroup"))), Kind:\(GoSyntax.string(roleRef.text("kind"))), Name:\(GoSyntax.string(roleRef.text("name")))}"
            errors.append(.invalid("roleRef", rendered, "cannot change roleRef"))
        }
        return errors
    }

    /// `ValidateRoleBindingSubject`.
    private static func validateSubject(_ subject: JSONValue, namespaced: Bool, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let name = subject.text("name")
        if name.isEmpty { errors.append(.required(path.child("name"))) }
        let apiGroup = subject.text("apiGroup")
        switch subject.text("kind") {
        case "ServiceAccount":
            if !name.isEmpty { errors += NameRules.isDNS1123Subdomain(name).map { .invalid(path.child("name"), string: name, $0) } }
            if !apiGroup.isEmpty { errors.append(.notSupported(path.child("apiGroup"), string: apiGroup, [""])) }
            if !namespaced && subject.text("namespace").isEmpty { errors.append(.required(path.child("namespace"))) }
        case "User", "Group":
            if apiGroup != group { errors.append(.notSupported(path.child("apiGroup"), string: apiGroup, [group])) }
        case let kind:
            errors.append(.notSupported(path.child("kind"), string: kind, ["ServiceAccount", "User", "Group"]))
        }
        return errors
    }
}
