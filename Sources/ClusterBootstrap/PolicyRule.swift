import KubeAPI

/// An RBAC rule as the API server's bootstrap policy builds them (`rbacv1helpers.NewRule(...).RuleOrDie()`):
/// verbs, groups, resources, names and URLs each sorted, empty ones left out.
struct PolicyRule: Sendable, Hashable {
    var verbs: [String]
    var groups: [String]
    var resources: [String]
    var names: [String]
    var urls: [String]

    /// A rule on resources; `groups` defaults to the core group.
    init(verbs: [String], groups: [String] = [""], resources: [String], names: [String] = []) {
        self.verbs = verbs.sorted()
        self.groups = groups.sorted()
        self.resources = resources.sorted()
        self.names = names.sorted()
        urls = []
    }

    /// A rule on non-resource URLs.
    init(verbs: [String], urls: [String]) {
        self.verbs = verbs.sorted()
        groups = []
        resources = []
        names = []
        self.urls = urls.sorted()
    }

    /// The events rule every controller gets: create, update and patch events in both event groups.
    static let events = PolicyRule(verbs: ["create", "update", "patch"], groups: ["", "events.k8s.io"], resources: ["events"])

    static let read = ["get", "list", "watch"]
    static let readWrite = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]
    static let write = ["create", "update", "patch", "delete", "deletecollection"]

    var json: JSONValue {
        var rule: JSONValue = ["verbs": .strings(verbs)]
        if !urls.isEmpty { rule["nonResourceURLs"] = .strings(urls) }
        if !resources.isEmpty {
            rule["apiGroups"] = .strings(groups)
            rule["resources"] = .strings(resources)
        }
        if !names.isEmpty { rule["resourceNames"] = .strings(names) }
        return rule
    }
}

/// Who a binding grants its role to.
enum Subject: Sendable, Hashable {
    case user(String)
    case group(String)
    case serviceAccount(String, String)

    var json: JSONValue {
        switch self {
        case .user(let name): ["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": .string(name)]
        case .group(let name): ["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": .string(name)]
        case .serviceAccount(let namespace, let name):
            ["kind": "ServiceAccount", "name": .string(name), "namespace": .string(namespace)]
        }
    }
}

extension KubeadmCluster {
    static let rbacVersion = "rbac.authorization.k8s.io/v1"

    /// A Role or ClusterRole.
    func role(
        _ kind: String, _ name: String, namespace: String? = nil, rules: [PolicyRule], by manager: String = "kubeadm",
        labels: [String: String] = [:], annotations: [String: String] = [:]
    ) -> SeedObject {
        let metadata = JSONValue.metadata(name, namespace: namespace, labels: labels, annotations: annotations)
        return SeedObject(.object(Self.rbacVersion, kind, metadata, ["rules": .array(rules.map(\.json))]), by: manager)
    }

    /// A RoleBinding or ClusterRoleBinding of `role` (its kind and name) to `subjects`.
    func binding(
        _ kind: String, _ name: String, namespace: String? = nil, role: (kind: String, name: String), subjects: [Subject],
        by manager: String = "kubeadm", labels: [String: String] = [:], annotations: [String: String] = [:]
    ) -> SeedObject {
        let metadata = JSONValue.metadata(name, namespace: namespace, labels: labels, annotations: annotations)
        var fields: [String: JSONValue] = [
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": .string(role.kind), "name": .string(role.name)]
        ]
        if !subjects.isEmpty { fields["subjects"] = .array(subjects.map(\.json)) }
        return SeedObject(.object(Self.rbacVersion, kind, metadata, fields), by: manager)
    }
}
