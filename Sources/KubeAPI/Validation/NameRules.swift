/// apimachinery's name and key formats (`pkg/util/validation/validation.go`, `pkg/api/validation/generic.go`,
/// `pkg/api/validation/path/name.go`), each returning its messages, empty when the value is valid.
enum NameRules {
    /// A `ValidateNameFunc`: checks a name, or with `prefix` a `generateName` prefix.
    typealias NameCheck = @Sendable (_ name: String, _ prefix: Bool) -> [String]

    static let dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
    static let dns1123SubdomainFormat = dns1123LabelFormat + "(\\." + dns1123LabelFormat + ")*"
    static let dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?"

    static func maxLength(_ length: Int) -> String {
        "must be no more than \(length) characters"
    }

    static func inclusiveRange(_ low: Int64, _ high: Int64) -> String {
        "must be between \(low) and \(high), inclusive"
    }

    /// `RegexError`: the message, its examples and the regex.
    static func regexError(_ message: String, _ format: String, _ examples: String...) -> String {
        guard !examples.isEmpty else { return "\(message) (regex used for validation is '\(format)')" }
        return message + " (e.g. " + examples.map { "'\($0)', " }.joined(separator: " or ")
            + "regex used for validation is '\(format)')"
    }

    static func isDNS1123Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLength(63)) }
        if !matchesDNS1123Label(Substring(value)) {
            if matchesDNS1123Subdomain(value) {
                errors.append("must not contain dots")
            } else {
                errors.append(
                    regexError(
                        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                        dns1123LabelFormat, "my-name", "123-abc"))
            }
        }
        return errors
    }

    static func isDNS1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append(maxLength(253)) }
        if !matchesDNS1123Subdomain(value) {
            errors.append(
                regexError(
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                    dns1123SubdomainFormat, "example.com"))
        }
        return errors
    }

    static func isDNS1035Label(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append(maxLength(63)) }
        if !(value.first.map(isLowerLetter) ?? false) || !matchesDNS1123Label(Substring(value)) {
            errors.append(
                regexError(
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                    dns1035LabelFormat, "my-name", "abc-123"))
        }
        return errors
    }

    /// `IsWildcardDNS1123Subdomain`: `*.` followed by a subdomain.
    static func isWildcardDNS1123Subdomain(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append(maxLength(253)) }
        if !value.hasPrefix("*.") || !matchesDNS1123Subdomain(String(value.dropFirst(2))) {
            errors.append(
                regexError(
                    "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
                    "\\*\\." + dns1123SubdomainFormat, "*.example.com"))
        }
        return errors
    }

    /// `IsValidPathSegmentName`: the rule for names that only have to be safe in a URL path (RBAC objects).
    static func isValidPathSegmentName(_ value: String) -> [String] {
        if value == "." || value == ".." { return ["may not be '\(value)'"] }
        return isValidPathSegmentPrefix(value)
    }

    static func isValidPathSegmentPrefix(_ value: String) -> [String] {
        ["/", "%"].filter(value.contains).map { "may not contain '\($0)'" }
    }

    /// `IsConfigMapKey`: a key of a ConfigMap or Secret.
    static func isConfigMapKey(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 253 { errors.append(maxLength(253)) }
        if value.isEmpty || !value.unicodeScalars.allSatisfy({ isAlphanumeric($0) || "-._".unicodeScalars.contains($0) }) {
            errors.append(
                regexError(
                    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'", "[-._a-zA-Z0-9]+",
                    "key.name", "KEY_NAME", "key-name"))
        }
        errors += chdirPrefix(value)
        return errors
    }

    /// `IsRelaxedEnvVarName`: RelaxedEnvironmentVariableValidation is on by default in 1.32.
    static func isRelaxedEnvVarName(_ value: String) -> [String] {
        var errors: [String] = []
        if value.isEmpty { errors.append("environment variable name must be non-empty") }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value > 0x7e || $0 == "=" }) {
            errors.append("a valid environment variable name must consist only of printable ASCII characters other than '='")
        }
        return errors
    }

    /// `IsValidPortName`: an IANA service name.
    static func isValidPortName(_ value: String) -> [String] {
        var errors: [String] = []
        if value.utf8.count > 15 { errors.append(maxLength(15)) }
        if value.isEmpty || !value.unicodeScalars.allSatisfy({ isLowerAlphanumeric($0) || $0 == "-" }) {
            errors.append("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")
        }
        if !value.unicodeScalars.contains(where: { isLowerLetter(Character($0)) }) {
            errors.append("must contain at least one letter (a-z)")
        }
        if value.contains("--") { errors.append("must not contain consecutive hyphens") }
        if value.hasPrefix("-") || value.hasSuffix("-") { errors.append("must not begin or end with a hyphen") }
        return errors
    }

    static func isValidPortNumber(_ value: Int64) -> [String] {
        (1...65535).contains(value) ? [] : [inclusiveRange(1, 65535)]
    }

    /// `IsValidPercent`: digits followed by `%`.
    static func isValidPercent(_ value: String) -> [String] {
        let digits = value.dropLast()
        if value.hasSuffix("%") && !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit) { return [] }
        return [regexError("a valid percent string must be a numeric string followed by an ending '%'", "[0-9]+%", "1%", "93%")]
    }

    // MARK: - Name functions per kind

    /// `NameIsDNSSubdomain`: most kinds.
    static let dnsSubdomainName: NameCheck = { name, prefix in isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name) }
    /// `NameIsDNSLabel`: namespaces, statefulsets.
    static let dnsLabelName: NameCheck = { name, prefix in isDNS1123Label(prefix ? maskTrailingDash(name) : name) }
    /// `NameIsDNS1035Label`: services.
    static let dns1035LabelName: NameCheck = { name, prefix in isDNS1035Label(prefix ? maskTrailingDash(name) : name) }
    /// `ValidatePathSegmentName`: RBAC objects and custom resources.
    static let pathSegmentName: NameCheck = { name, prefix in
        prefix ? isValidPathSegmentPrefix(name) : isValidPathSegmentName(name)
    }

    /// A `generateName` may end with '-': the random suffix follows it.
    private static func maskTrailingDash(_ name: String) -> String {
        guard name.count > 1, name.hasSuffix("-") else { return name }
        return String(name.dropLast(2)) + "a"
    }

    private static func chdirPrefix(_ value: String) -> [String] {
        if value == "." { return ["must not be '.'"] }
        if value == ".." { return ["must not be '..'"] }
        if value.hasPrefix("..") { return ["must not start with '..'"] }
        return []
    }

    // MARK: - Character classes

    static func matchesDNS1123Label(_ value: Substring) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
        return isLowerAlphanumeric(first) && isLowerAlphanumeric(last)
            && value.unicodeScalars.allSatisfy { isLowerAlphanumeric($0) || $0 == "-" }
    }

    static func matchesDNS1123Subdomain(_ value: String) -> Bool {
        value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(matchesDNS1123Label)
    }

    static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private static func isLowerLetter(_ character: Character) -> Bool {
        ("a"..."z").contains(character)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
