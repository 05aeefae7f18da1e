/// LimitRanges and ResourceQuotas (core `ValidateLimitRange`, `ValidateResourceQuota`).
enum LimitRangeValidation {
    private static let limitTypes: Set<String> = ["Pod", "Container", "PersistentVolumeClaim"]

    static func validateLimitRange(_ limitRange: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(limitRange.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        var types: Set<String> = []
        for (index, limit) in limitRange.json.object("spec").list("limits").enumerated() {
            let limitPath = FieldPath("spec.limits").index(index)
            let type = limit.text("type")
            errors += LabelRules.isQualifiedName(type).map { .invalid(limitPath.child("type"), string: type, $0) }
            if LabelRules.isQualifiedName(type).isEmpty && !type.contains("/") && !limitTypes.contains(type) {
                errors.append(.invalid(limitPath.child("type"), string: type, "must be a standard limit type or fully qualified"))
            }
            if !types.insert(type).inserted { errors.append(.duplicate(limitPath.child("type"), GoSyntax.string(type))) }
            var values: [String: [String: Quantity]] = [:]
            var fields = ["max", "min"]
            if type == "Pod" {
                for field in ["default", "defaultRequest"] where !(limit[field]?.objectValue ?? [:]).isEmpty {
                    errors.append(.forbidden(limitPath.child(field), "may not be specified when `type` is 'Pod'"))
                }
            } else {
                fields += ["default", "defaultRequest"]
            }
            fields.append("maxLimitRequestRatio")
            for field in fields {
                let (quantities, quantityErrors) = ResourceRules.list(limit[field], limitPath.child(field))
                errors += quantityErrors
                for (name, quantity) in quantities {
                    let namePath = limitPath.child(field).key(name)
                    errors += type == "Pod" || type == "Container"
                        ? ResourceRules.validateContainerName(name, namePath) : ResourceRules.validateName(name, namePath)
                    values[field, default: [:]][name] = quantity
                }
            }
            if type == "PersistentVolumeClaim" && values["min"]?["storage"] == nil && values["max"]?["storage"] == nil {
                errors.append(.required(limitPath.child("limits"), "either minimum or maximum storage value is required, but neither was provided"))
            }
            let names = Set(values.values.flatMap(\.keys)).sorted()
            for name in names {
                errors += compare(values, name, limitPath)
            }
        }
        return errors
    }

    private static func compare(_ values: [String: [String: Quantity]], _ name: String, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let min = values["min"]?[name]
        let max = values["max"]?[name]
        let defaultLimit = values["default"]?[name]
        let defaultRequest = values["defaultRequest"]?[name]
        if let min, let max, min > max {
            errors.append(.invalid(path.child("min").key(name), string: min.canonical, "min value \(min.canonical) is greater than max value \(max.canonical)"))
        }
        if let defaultRequest, let min, min > defaultRequest {
            errors.append(
                .invalid(
                    path.child("defaultRequest").key(name), string: defaultRequest.canonical,
                    "min value \(min.canonical) is greater than default request value \(defaultRequest.canonical)"))
        }
        if let defaultRequest, let max, defaultRequest > max {
            errors.append(
                .invalid(
                    path.child("defaultRequest").key(name), string: defaultRequest.canonical,
                    "default request value \(defaultRequest.canonical) is greater than max value \(max.canonical)"))
        }
        if let defaultRequest, let defaultLimit, defaultRequest > defaultLimit {
            errors.append(
                .invalid(
                    path.child("defaultRequest").key(name), string: defaultRequest.canonical,
                    "default request value \(defaultRequest.canonical) is greater than default limit value \(defaultLimit.canonical)"))
        }
        if let defaultLimit, let min, min > defaultLimit {
            errors.append(
                .invalid(path.child("default").key(name), string: min.canonical, "min value \(min.canonical) is greater than default value \(defaultLimit.canonical)"))
        }
        if let defaultLimit, let max, defaultLimit > max {
            errors.append(
                .invalid(path.child("default").key(name), string: max.canonical, "default value \(defaultLimit.canonical) is greater than max value \(max.canonical)"))
        }
        if let ratio = values["maxLimitRequestRatio"]?[name], ratio.isLess(than: 1) {
            errors.append(.invalid(path.child("maxLimitRequestRatio").key(name), string: ratio.canonical, "ratio \(ratio.canonical) is less than 1"))
        }
        return errors
    }

    static func validateResourceQuota(_ quota: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(quota.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        errors += validateQuotaSpec(quota.json.object("spec"), "spec")
        for field in ["hard", "used"] {
            errors += hardLimits(quota.json.object("status")[field], FieldPath("status").child(field))
        }
        return errors
    }

    /// Scopes may not change once set.
    static func validateResourceQuotaUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateQuotaSpec(new.json.object("spec"), "spec")
        let scopes = new.json.object("spec").texts("scopes")
        if Set(scopes) != Set(old.json.object("spec").texts("scopes")) {
            errors.append(.invalid("spec.scopes", "[]core.ResourceQuotaScope{\(scopes.map(GoSyntax.string).joined(separator: ", "))}", RuleMessage.immutable))
        }
        return errors
    }

    private static func validateQuotaSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors = hardLimits(spec["hard"], path.child("hard"))
        let scopes = spec.texts("scopes")
        let rendered = "[]core.ResourceQuotaScope{\(scopes.map(GoSyntax.string).joined(separator: ", "))}"
        let known: Set<String> = ["Terminating", "NotTerminating", "BestEffort", "NotBestEffort", "PriorityClass", "CrossNamespacePodAffinity", "VolumeAttributesClass"]
        for scope in scopes where !known.contains(scope) {
            errors.append(.invalid(path.child("scopes"), rendered, "unsupported scope"))
        }
        let scopeSet = Set(scopes)
        if scopeSet.isSuperset(of: ["BestEffort", "NotBestEffort"]) || scopeSet.isSuperset(of: ["Terminating", "NotTerminating"]) {
            errors.append(.invalid(path.child("scopes"), rendered, "conflicting scopes"))
        }
        return errors
    }

    private static func hardLimits(_ json: JSONValue?, _ path: FieldPath) -> [FieldError] {
        let (quantities, errors) = ResourceRules.list(json, path)
        return errors
            + quantities.flatMap { name, quantity in
                ResourceRules.validateQuotaName(name, path.key(name)) + ResourceRules.validateQuantityValue(name, quantity, path.key(name))
            }
    }
}
