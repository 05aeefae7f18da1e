import KubeAPI

/// One rule of a Role or ClusterRole (`rbacv1.PolicyRule`), matched as RBAC's authorizer does.
public struct RBACRule: Sendable, Hashable {
    public var verbs: [String]
    public var apiGroups: [String]
    public var resources: [String]
    public var resourceNames: [String]
    public var nonResourceURLs: [String]

    public init(
        verbs: [String], apiGroups: [String] = [], resources: [String] = [], resourceNames: [String] = [],
        nonResourceURLs: [String] = []
    ) {
        self.verbs = verbs
        self.apiGroups = apiGroups
        self.resources = resources
        self.resourceNames = resourceNames
        self.nonResourceURLs = nonResourceURLs
    }

    /// A rule as a role's JSON holds it.
    public init(json: JSONValue) {
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        self.init(
            verbs: strings("verbs"), apiGroups: strings("apiGroups"), resources: strings("resources"),
            resourceNames: strings("resourceNames"), nonResourceURLs: strings("nonResourceURLs"))
    }

    /// The rules of a Role or ClusterRole object.
    public static func rules(of role: JSONValue) -> [RBACRule] {
        (role["rules"]?.arrayValue ?? []).map(RBACRule.init(json:))
    }

    public var json: JSONValue {
        var object: [String: JSONValue] = ["verbs": .array(verbs.map { .string($0) })]
        if !apiGroups.isEmpty || nonResourceURLs.isEmpty { object["apiGroups"] = .array(apiGroups.map { .string($0) }) }
        if !resources.isEmpty { object["resources"] = .array(resources.map { .string($0) }) }
        if !resourceNames.isEmpty { object["resourceNames"] = .array(resourceNames.map { .string($0) }) }
        if !nonResourceURLs.isEmpty { object["nonResourceURLs"] = .array(nonResourceURLs.map { .string($0) }) }
        return .object(object)
    }

    /// Whether the rule allows the request (`rbac.RuleAllows`).
    public func allows(_ attributes: AuthorizationAttributes) -> Bool {
        guard verbs.contains("*") || verbs.contains(attributes.verb) else { return false }
        if !attributes.isResourceRequest {
            return nonResourceURLs.contains { Self.url($0, matches: attributes.path) }
        }
        return (apiGroups.contains("*") || apiGroups.contains(attributes.apiGroup))
            && matchesResource(attributes.resourceWithSubresource, subresource: attributes.subresource)
            && (resourceNames.isEmpty || resourceNames.contains(attributes.name))
    }

    /// `*` matches every resource, `pods/log` only that subresource, `*/scale` that subresource of any resource.
    private func matchesResource(_ combined: String, subresource: String) -> Bool {
        resources.contains { resource in
            resource == "*" || resource == combined || (!subresource.isEmpty && resource == "*/\(subresource)")
        }
    }

    /// `*` matches every path, `/apis/*` every path below `/apis/`, anything else only itself.
    static func url(_ pattern: String, matches path: String) -> Bool {
        if pattern == "*" || pattern == path { return true }
        return pattern.hasSuffix("*") && path.hasPrefix(String(pattern.dropLast()))
    }
}
