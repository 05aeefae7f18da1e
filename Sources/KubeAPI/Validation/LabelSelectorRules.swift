/// `metav1.LabelSelector`: its validation (`ValidateLabelSelector`) and how it selects labels
/// (`LabelSelectorAsSelector`).
enum LabelSelectorRules {
    /// `ValidateLabelSelector` with strict label values.
    static func validate(_ selector: JSONValue?, _ path: FieldPath) -> [FieldError] {
        guard let selector, !selector.isNull else { return [] }
        var errors = LabelRules.validateLabels(selector.textMap("matchLabels"), path.child("matchLabels"))
        for (index, requirement) in selector.list("matchExpressions").enumerated() {
            errors += validateRequirement(requirement, path.child("matchExpressions").index(index))
        }
        return errors
    }

    private static func validateRequirement(_ requirement: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let values = requirement.texts("values")
        switch requirement.text("operator") {
        case "In", "NotIn":
            if values.isEmpty {
                errors.append(.required(path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
            }
        case "Exists", "DoesNotExist":
            if !values.isEmpty {
                errors.append(.forbidden(path.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
            }
        case let other:
            errors.append(.invalid(path.child("operator"), string: other, "not a valid selector operator"))
        }
        errors += LabelRules.validateLabelName(requirement.text("key"), path.child("key"))
        for (index, value) in values.enumerated() {
            errors += LabelRules.isValidLabelValue(value).map { .invalid(path.child("values").index(index), string: value, $0) }
        }
        return errors
    }

    /// Whether the selector has no requirement at all (`labels.Everything()`).
    static func isEmpty(_ selector: JSONValue?) -> Bool {
        (selector?.textMap("matchLabels") ?? [:]).isEmpty && (selector?.list("matchExpressions") ?? []).isEmpty
    }

    /// Whether `selector` selects `labels`; nil when the selector cannot be converted (`LabelSelectorAsSelector`
    /// fails). A missing selector selects nothing, an empty one everything.
    static func matches(_ selector: JSONValue?, _ labels: [String: String]) -> Bool? {
        guard let selector, !selector.isNull else { return false }
        for (key, value) in selector.textMap("matchLabels") ?? [:] {
            guard LabelRules.isQualifiedName(key).isEmpty, LabelRules.isValidLabelValue(value).isEmpty else { return nil }
        }
        var matched = (selector.textMap("matchLabels") ?? [:]).allSatisfy { labels[$0.key] == $0.value }
        for requirement in selector.list("matchExpressions") {
            let key = requirement.text("key")
            let values = requirement.texts("values")
            guard LabelRules.isQualifiedName(key).isEmpty else { return nil }
            switch requirement.text("operator") {
            case "In":
                guard !values.isEmpty else { return nil }
                matched = matched && labels[key].map(values.contains) == true
            case "NotIn":
                guard !values.isEmpty else { return nil }
                matched = matched && labels[key].map(values.contains) != true
            case "Exists":
                guard values.isEmpty else { return nil }
                matched = matched && labels[key] != nil
            case "DoesNotExist":
                guard values.isEmpty else { return nil }
                matched = matched && labels[key] == nil
            default:
                return nil
            }
        }
        return matched
    }
}
