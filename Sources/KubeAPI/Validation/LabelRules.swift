/// Label and annotation rules (apimachinery `IsQualifiedName`, `IsValidLabelValue`, `ValidateLabels`,
/// `ValidateAnnotations`).
public enum LabelRules {
    static let qualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
    static let totalAnnotationSizeLimit = 256 * 1024
    private static let qualifiedNameMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"

    /// `IsQualifiedName`: `[prefix/]name`, a label key, annotation key or finalizer.
    public static func isQualifiedName(_ value: String) -> [String] {
        var errors: [String] = []
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            name = parts[1]
            if parts[0].isEmpty {
                errors.append("prefix part must be non-empty")
            } else {
                errors += NameRules.isDNS1123Subdomain(String(parts[0])).map { "prefix part " + $0 }
            }
        default:
            return [
                "a qualified name "
                    + NameRules.regexError(qualifiedNameMessage, qualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
        if name.isEmpty {
            errors.append("name part must be non-empty")
        } else if name.utf8.count > 63 {
            errors.append("name part " + NameRules.maxLength(63))
        }
        if !matchesQualifiedNamePart(name) {
            errors.append("name part " + NameRules.regexError(qualifiedNameMessage, qualifiedNameFormat, "MyName", "my.name", "123-abc"))
        }
        return errors
    }

    /// `IsValidLabelValue`.
    public static func isValidLabelValue(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(NameRules.maxLength(63)) }
        if !value.isEmpty && !matchesQualifiedNamePart(Substring(value)) {
            errors.append(
                NameRules.regexError(
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                    "(" + qualifiedNameFormat + ")?", "MyValue", "my_value", "12345"))
        }
        return errors
    }

    /// `ValidateLabelName`: one invalid-value error per message.
    static func validateLabelName(_ key: String, _ path: FieldPath) -> [FieldError] {
        isQualifiedName(key).map { .invalid(path, string: key, $0) }
    }

    /// `ValidateLabels`: keys and values, in key order.
    static func validateLabels(_ labels: [String: String]?, _ path: FieldPath) -> [FieldError] {
        guard let labels else { return [] }
        return labels.keys.sorted().flatMap { key in
            validateLabelName(key, path) + isValidLabelValue(labels[key]!).map { .invalid(path, string: labels[key]!, $0) }
        }
    }

    /// `ValidateAnnotations`: keys (compared lower-cased) and the total size.
    static func validateAnnotations(_ annotations: [String: String]?, _ path: FieldPath) -> [FieldError] {
        guard let annotations else { return [] }
        var errors = annotations.keys.sorted().flatMap { key in
            isQualifiedName(key.lowercased()).map { FieldError.invalid(path, string: key, $0) }
        }
        let size = annotations.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        if size > totalAnnotationSizeLimit { errors.append(.tooLong(path, max: totalAnnotationSizeLimit)) }
        return errors
    }

    private static func matchesQualifiedNamePart(_ value: Substring) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
        return NameRules.isAlphanumeric(first) && NameRules.isAlphanumeric(last)
            && value.unicodeScalars.allSatisfy { NameRules.isAlphanumeric($0) || "-_.".unicodeScalars.contains($0) }
    }
}
