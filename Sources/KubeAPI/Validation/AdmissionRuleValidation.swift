import Foundation

/// The rule and selector checks admissionregistration.k8s.io/v1 webhooks and policies share (admissionregistration
/// `validateRuleWithOperations`, `validateRule`, `validateMatchResources`, `ValidateWebhookURL`, ...).
enum AdmissionRuleValidation {
    static let operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"]
    static let scopes = ["*", "Cluster", "Namespaced"]
    static let failurePolicies = ["Fail", "Ignore"]
    static let matchPolicies = ["Equivalent", "Exact"]

    /// Operations, API groups, versions and resources of one rule; `*` only alone.
    static func ruleWithOperations(_ rule: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let operationList = rule.texts("operations")
        if operationList.isEmpty { errors.append(.required(path.child("operations"))) }
        if operationList.count > 1 && operationList.contains("*") {
            errors.append(.invalid(path.child("operations"), goStrings(operationList, "admissionregistration.OperationType"),
                                   "if '*' is present, must not specify other operations"))
        }
        for (index, operation) in operationList.enumerated() where !operations.contains(operation) {
            errors.append(.notSupported(path.child("operations").index(index), string: operation, operations))
        }
        for (field, noun) in [("apiGroups", "API groups"), ("apiVersions", "API versions")] {
            let values = rule.texts(field)
            if values.isEmpty { errors.append(.required(path.child(field))) }
            if values.count > 1 && values.contains("*") {
                errors.append(.invalid(path.child(field), GoSyntax.strings(values), "if '*' is present, must not specify other \(noun)"))
            }
            if field == "apiVersions" {
                for (index, version) in values.enumerated() where version.isEmpty {
                    errors.append(.required(path.child(field).index(index)))
                }
            }
        }
        let resources = rule.texts("resources")
        if resources.isEmpty { errors.append(.required(path.child("resources"))) }
        for (index, resource) in resources.enumerated() where resource.isEmpty {
            errors.append(.required(path.child("resources").index(index)))
        }
        if let scope = rule["scope"]?.stringValue, !scopes.contains(scope) {
            errors.append(.notSupported(path.child("scope"), string: scope, scopes))
        }
        return errors
    }

    /// `validateMatchResources`: selectors, a match policy it knows, and the included and excluded rules.
    static func matchResources(_ match: JSONValue?, _ path: FieldPath) -> [FieldError] {
        guard let match, !match.isNull else { return [] }
        var errors: [FieldError] = []
        for field in ["namespaceSelector", "objectSelector"] where match.has(field) {
            errors += LabelSelectorRules.validate(match[field], path.child(field))
        }
        if let policy = match["matchPolicy"]?.stringValue, !matchPolicies.contains(policy) {
            errors.append(.notSupported(path.child("matchPolicy"), string: policy, matchPolicies))
        }
        for field in ["resourceRules", "excludeResourceRules"] {
            for (index, rule) in match.list(field).enumerated() {
                errors += ruleWithOperations(rule, path.child(field).index(index))
            }
        }
        return errors
    }

    /// `ValidateWebhookURL` with https required.
    static func webhookURL(_ text: String, _ path: FieldPath) -> [FieldError] {
        let form = "; desired format: https://host[/path]"
        guard let url = URLComponents(string: text) else {
            return [.required(path, "url must be a valid URL: parse \(GoSyntax.string(text)): invalid URI for request\(form)")]
        }
        var errors: [FieldError] = []
        let scheme = url.scheme ?? ""
        if scheme != "https" { errors.append(.invalid(path, string: scheme, "'https' is the only allowed URL scheme\(form)")) }
        let host = url.host ?? ""
        if host.isEmpty { errors.append(.invalid(path, string: host, "host must be specified\(form)")) }
        if let user = url.user {
            errors.append(.invalid(path, string: user + (url.password.map { ":" + $0 } ?? ""), "user information is not permitted in the URL"))
        }
        if let fragment = url.fragment, !fragment.isEmpty {
            errors.append(.invalid(path, string: fragment, "fragments are not permitted in the URL"))
        }
        if let query = url.query, !query.isEmpty {
            errors.append(.invalid(path, string: query, "query parameters are not permitted in the URL"))
        }
        return errors
    }

    /// `ValidateWebhookService`: a name, a namespace, a port in range and an absolute path.
    static func webhookService(_ service: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if service.text("name").isEmpty { errors.append(.required(path.child("name"), "service name is required")) }
        if service.text("namespace").isEmpty { errors.append(.required(path.child("namespace"), "service namespace is required")) }
        if let port = service.integer("port"), port < 1 || port > 65535 {
            errors.append(.invalid(path.child("port"), int: port, "port is not valid: " + NameRules.inclusiveRange(1, 65535)))
        }
        if let route = service["path"]?.stringValue, !route.isEmpty, !route.hasPrefix("/") {
            errors.append(.invalid(path.child("path"), string: route, "must start with a '/'"))
        }
        return errors
    }

    /// A Go slice of a named string type as `%#v` prints it.
    static func goStrings(_ values: [String], _ type: String) -> String {
        "[]\(type){\(values.map(GoSyntax.string).joined(separator: ", "))}"
    }
}
