/// Resource names and quantities (`validateResourceName`, `ValidateResourceQuantityValue`, core `helper`'s
/// resource-name sets).
enum ResourceRules {
    private static let standardResources: Set<String> = [
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services",
        "replicationcontrollers", "secrets", "persistentvolumeclaims", "configmaps", "services.nodeports",
        "services.loadbalancers", "storage", "requests.storage",
    ]
    private static let quotaResources = standardResources.subtracting(["storage"])
    private static let integerResources: Set<String> = [
        "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims",
        "services.nodeports", "services.loadbalancers",
    ]
    static let quantityPatternMessage = "quantities must match the regular expression '\(Quantity.pattern)'"

    static func isHugePages(_ name: String) -> Bool { name.hasPrefix("hugepages-") }

    /// Unprefixed or `kubernetes.io/` names.
    static func isNative(_ name: String) -> Bool { !name.contains("/") || name.contains("kubernetes.io/") }

    /// Native resources except huge pages may be requested below their limit.
    static func isOvercommitAllowed(_ name: String) -> Bool { isNative(name) && !isHugePages(name) }

    private static func isExtended(_ name: String) -> Bool {
        !isNative(name) && !name.hasPrefix("requests.") && LabelRules.isQualifiedName("requests." + name).isEmpty
    }

    /// `validateResourceName`.
    static func validateName(_ name: String, _ path: FieldPath) -> [FieldError] {
        let errors = LabelRules.isQualifiedName(name).map { FieldError.invalid(path, string: name, $0) }
        if !errors.isEmpty { return errors }
        if !name.contains("/") && !standardResources.contains(name) && !name.hasPrefix("hugepages-")
            && !name.hasPrefix("requests.hugepages-")
        {
            return [.invalid(path, string: name, "must be a standard resource type or fully qualified")]
        }
        return []
    }

    /// `validateContainerResourceName`.
    static func validateContainerName(_ name: String, _ path: FieldPath) -> [FieldError] {
        var errors = validateName(name, path)
        if !name.contains("/") {
            if !["cpu", "memory", "ephemeral-storage"].contains(name) && !isHugePages(name) {
                errors.append(.invalid(path, string: name, "must be a standard resource for containers"))
            }
        } else if !isNative(name) && !isExtended(name) {
            errors.append(.invalid(path, string: name, "doesn't follow extended resource name standard"))
        }
        return errors
    }

    /// `ValidateResourceQuotaResourceName`.
    static func validateQuotaName(_ name: String, _ path: FieldPath) -> [FieldError] {
        var errors = validateName(name, path)
        if !name.contains("/") && !quotaResources.contains(name) && !name.hasPrefix("hugepages-")
            && !name.hasPrefix("requests.hugepages-")
        {
            errors.append(.invalid(path, string: name, "must be a standard resource for quota"))
        }
        return errors
    }

    /// The error of a value that is not a quantity.
    static func malformedQuantity(_ json: JSONValue?, _ path: FieldPath) -> FieldError {
        .invalid(path, GoSyntax.scalar(json), quantityPatternMessage)
    }

    /// `ValidateResourceQuantityValue`: not negative, and whole for countable resources.
    static func validateQuantityValue(_ name: String, _ quantity: Quantity, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if quantity.isNegative { errors.append(.invalid(path, string: quantity.canonical, RuleMessage.negative)) }
        if (integerResources.contains(name) || isExtended(name)) && !quantity.isInteger {
            errors.append(.invalid(path, string: quantity.canonical, "must be an integer"))
        }
        return errors
    }

    /// A resource list (`limits`, `capacity`, `hard`, ...) as names and quantities, with the malformed ones' errors.
    static func list(_ json: JSONValue?, _ path: FieldPath) -> (quantities: [(String, Quantity)], errors: [FieldError]) {
        var quantities: [(String, Quantity)] = []
        var errors: [FieldError] = []
        for (name, value) in (json?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let parsed = Quantity(json: value) {
                quantities.append((name, parsed))
            } else {
                errors.append(malformedQuantity(value, path.key(name)))
            }
        }
        return (quantities, errors)
    }
}
