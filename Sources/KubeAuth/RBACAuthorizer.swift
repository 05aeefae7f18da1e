import KubeAPI

/// kube-apiserver's RBAC authorizer: allows a request when a rule of a role bound to the user allows it, via a
/// ClusterRoleBinding (anywhere) or a RoleBinding in the request's namespace; otherwise it has no opinion.
///
/// Beside the stored objects it always applies ``DefaultPolicy`` (what kube-apiserver's `rbac/bootstrap-roles`
/// hook restores at every start), so the health checks, `/version` and discovery answer also in a bare store.
public struct RBACAuthorizer: Authorizer {
    public let source: any RBACPolicySource

    public init(source: any RBACPolicySource) {
        self.source = source
    }

    public func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        if DefaultPolicy.rules(for: attributes.user).contains(where: { $0.allows(attributes) }) { return .allow }
        var errors: [String] = []
        let found = await visitRules(for: attributes.user, namespace: attributes.namespace, errors: &errors) {
            $0.allows(attributes)
        }
        if found { return .allow }
        return .noOpinion(reason: errors.isEmpty ? "" : "RBAC: " + errors.joined(separator: ", "))
    }

    /// Every rule that applies to the user in `namespace` (cluster-wide ones included), and the errors met
    /// resolving role references, as `SelfSubjectRulesReview` and the escalation check read them.
    public func rules(for user: UserInfo, namespace: String) async -> (rules: [RBACRule], errors: [String]) {
        var rules = DefaultPolicy.rules(for: user)
        var errors: [String] = []
        _ = await visitRules(for: user, namespace: namespace, errors: &errors) { rule in
            rules.append(rule)
            return false
        }
        return (rules, errors)
    }

    /// Calls `visit` with each rule bound to the user until it returns true.
    private func visitRules(
        for user: UserInfo, namespace: String, errors: inout [String], _ visit: (RBACRule) -> Bool
    ) async -> Bool {
        do {
            for binding in try await source.clusterRoleBindings() where Self.binds(binding, to: user, namespace: "") {
                guard let name = binding[["roleRef", "name"]]?.stringValue else { continue }
                guard let role = try await source.clusterRole(named: name) else {
                    errors.append("clusterrole.rbac.authorization.k8s.io \"\(name)\" not found")
                    continue
                }
                if RBACRule.rules(of: role).contains(where: visit) { return true }
            }
            guard !namespace.isEmpty else { return false }
            for binding in try await source.roleBindings(namespace: namespace) where Self.binds(binding, to: user, namespace: namespace) {
                guard let name = binding[["roleRef", "name"]]?.stringValue else { continue }
                let kind = binding[["roleRef", "kind"]]?.stringValue ?? ""
                let role =
                    kind == "ClusterRole"
                    ? try await source.clusterRole(named: name) : try await source.role(namespace: namespace, named: name)
                guard let role else {
                    errors.append(
                        kind == "ClusterRole"
                            ? "clusterrole.rbac.authorization.k8s.io \"\(name)\" not found"
                            : "role.rbac.authorization.k8s.io \"\(name)\" not found")
                    continue
                }
                if RBACRule.rules(of: role).contains(where: visit) { return true }
            }
        } catch {
            errors.append("\(error)")
        }
        return false
    }

    /// Whether a binding's subjects include the user (`appliesTo`): a User by name, a Group the user is in, a
    /// ServiceAccount (its namespace defaulting to a RoleBinding's) by its user name.
    public static func binds(_ binding: JSONValue, to user: UserInfo, namespace: String) -> Bool {
        (binding["subjects"]?.arrayValue ?? []).contains { subject in
            let name = subject["name"]?.stringValue ?? ""
            switch subject["kind"]?.stringValue {
            case "User": return name == user.name
            case "Group": return user.groups.contains(name)
            case "ServiceAccount":
                let subjectNamespace = subject["namespace"]?.stringValue ?? namespace
                return !subjectNamespace.isEmpty
                    && UserInfo.serviceAccountName(namespace: subjectNamespace, name: name) == user.name
            default: return false
            }
        }
    }
}

/// The rules of kube-apiserver's bootstrap policy that every cluster has: `system:public-info-viewer` (health
/// checks and `/version` for everyone), `system:discovery` and `system:basic-user` (discovery, OpenAPI and the
/// self reviews for every authenticated user).
public enum DefaultPolicy {
    public static let publicInfoViewer = [
        RBACRule(verbs: ["get"], nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"])
    ]
    public static let discovery = [
        RBACRule(
            verbs: ["get"],
            nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])
    ]
    public static let basicUser = [
        RBACRule(verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
        RBACRule(verbs: ["create"], apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"]),
    ]

    /// The default rules that apply to the user.
    public static func rules(for user: UserInfo) -> [RBACRule] {
        var rules: [RBACRule] = []
        if user.groups.contains(UserInfo.allAuthenticated) || user.groups.contains(UserInfo.allUnauthenticated) {
            rules += publicInfoViewer
        }
        if user.groups.contains(UserInfo.allAuthenticated) { rules += discovery + basicUser }
        return rules
    }
}
