import KubeAPI
import KubeAuth
import Testing

/// A policy held in memory, for the authorizer's table.
struct Policy: RBACPolicySource {
    var clusterRoles: [String: [RBACRule]] = [:]
    var roles: [String: [RBACRule]] = [:]
    var clusterBindings: [JSONValue] = []
    var bindings: [String: [JSONValue]] = [:]

    func clusterRoleBindings() async throws -> [JSONValue] { clusterBindings }
    func roleBindings(namespace: String) async throws -> [JSONValue] { bindings[namespace] ?? [] }
    func clusterRole(named name: String) async throws -> JSONValue? {
        clusterRoles[name].map { ["rules": .array($0.map(\.json))] }
    }
    func role(namespace: String, named name: String) async throws -> JSONValue? {
        roles["\(namespace)/\(name)"].map { ["rules": .array($0.map(\.json))] }
    }
}

func binding(_ kind: String, _ role: String, subjects: [(String, String, String?)]) -> JSONValue {
    [
        "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": .string(kind), "name": .string(role)],
        "subjects": .array(subjects.map { subject in
            var json: JSONValue = ["kind": .string(subject.0), "name": .string(subject.1)]
            if let namespace = subject.2 { json["namespace"] = .string(namespace) }
            return json
        }),
    ]
}

/// The examples of the RBAC documentation (`reference/access-authn-authz/rbac`), decided as kube-apiserver's RBAC
/// authorizer decides them.
struct RBACAuthorizerTests {
    static let jane = UserInfo(name: "jane", groups: ["system:authenticated"])
    static let dave = UserInfo(name: "dave", groups: ["devs", "system:authenticated"])
    static let robot = UserInfo.serviceAccount(namespace: "default", name: "robot", uid: "1").authenticated()

    static let policy = Policy(
        clusterRoles: [
            "secret-reader": [RBACRule(verbs: ["get", "watch", "list"], apiGroups: [""], resources: ["secrets"])],
            "health": [RBACRule(verbs: ["get", "post"], nonResourceURLs: ["/healthz", "/healthz/*"])],
            "scaler": [RBACRule(verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"])],
        ],
        roles: [
            "default/pod-reader": [RBACRule(verbs: ["get", "watch", "list"], apiGroups: [""], resources: ["pods"])],
            "default/pod-and-pod-logs-reader": [RBACRule(verbs: ["get", "list"], apiGroups: [""], resources: ["pods", "pods/log"])],
            "default/configmap-updater": [
                RBACRule(verbs: ["update", "get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["my-configmap"])
            ],
        ],
        clusterBindings: [
            binding("ClusterRole", "health", subjects: [("Group", "devs", nil)]),
            binding("ClusterRole", "scaler", subjects: [("ServiceAccount", "robot", "default")]),
            binding("ClusterRole", "gone", subjects: [("User", "dave", nil)]),
        ],
        bindings: [
            "default": [
                binding("Role", "pod-reader", subjects: [("User", "jane", nil)]),
                binding("Role", "configmap-updater", subjects: [("User", "jane", nil)]),
                binding("Role", "pod-and-pod-logs-reader", subjects: [("ServiceAccount", "robot", nil)]),
            ],
            "development": [binding("ClusterRole", "secret-reader", subjects: [("User", "dave", nil)])],
        ])

    struct Case: Sendable, CustomTestStringConvertible {
        var user: UserInfo
        var attributes: @Sendable (UserInfo) -> AuthorizationAttributes
        var allowed: Bool
        var testDescription: String
    }

    static func resource(
        _ verb: String, _ resource: String, _ subresource: String = "", group: String = "", namespace: String = "",
        name: String = ""
    ) -> @Sendable (UserInfo) -> AuthorizationAttributes {
        { AuthorizationAttributes(user: $0, verb: verb, namespace: namespace, apiGroup: group, resource: resource, subresource: subresource, name: name) }
    }

    static func path(_ verb: String, _ path: String) -> @Sendable (UserInfo) -> AuthorizationAttributes {
        { AuthorizationAttributes(user: $0, verb: verb, path: path) }
    }

    static let cases: [Case] = [
        Case(user: jane, attributes: resource("list", "pods", namespace: "default"), allowed: true, testDescription: "a Role's verb in its namespace"),
        Case(user: jane, attributes: resource("delete", "pods", namespace: "default", name: "p"), allowed: false, testDescription: "a verb the Role lacks"),
        Case(user: jane, attributes: resource("list", "pods", namespace: "kube-system"), allowed: false, testDescription: "another namespace"),
        Case(user: jane, attributes: resource("list", "pods"), allowed: false, testDescription: "all namespaces"),
        Case(user: jane, attributes: resource("get", "pods", "log", namespace: "default", name: "p"), allowed: false, testDescription: "pods does not cover pods/log"),
        Case(user: robot, attributes: resource("get", "pods", "log", namespace: "default", name: "p"), allowed: true, testDescription: "pods/log named, service account subject defaulting to the binding's namespace"),
        Case(user: jane, attributes: resource("get", "configmaps", namespace: "default", name: "my-configmap"), allowed: true, testDescription: "resourceNames: the named one"),
        Case(user: jane, attributes: resource("get", "configmaps", namespace: "default", name: "other"), allowed: false, testDescription: "resourceNames: another"),
        Case(user: jane, attributes: resource("list", "configmaps", namespace: "default"), allowed: false, testDescription: "resourceNames: no list"),
        Case(user: dave, attributes: resource("get", "secrets", namespace: "development", name: "s"), allowed: true, testDescription: "a ClusterRole through a RoleBinding"),
        Case(user: dave, attributes: resource("get", "secrets", namespace: "default", name: "s"), allowed: false, testDescription: "a RoleBinding's ClusterRole only in its namespace"),
        Case(user: dave, attributes: path("get", "/healthz"), allowed: true, testDescription: "a nonResourceURL to a group"),
        Case(user: dave, attributes: path("post", "/healthz/etcd"), allowed: true, testDescription: "a nonResourceURL with the * suffix"),
        Case(user: dave, attributes: path("get", "/healthzz"), allowed: false, testDescription: "* matches only below the prefix's slash"),
        Case(user: jane, attributes: path("get", "/healthz/etcd"), allowed: false, testDescription: "no binding for the path"),
        Case(user: robot, attributes: resource("update", "deployments", "scale", group: "apps", namespace: "default", name: "d"), allowed: true, testDescription: "*/scale"),
        Case(user: robot, attributes: resource("update", "deployments", group: "apps", namespace: "default", name: "d"), allowed: false, testDescription: "*/scale is not the resource"),
        Case(user: .anonymous, attributes: path("get", "/healthz"), allowed: true, testDescription: "system:public-info-viewer for anonymous"),
        Case(user: .anonymous, attributes: path("get", "/api"), allowed: false, testDescription: "no discovery for anonymous"),
        Case(user: jane, attributes: path("get", "/apis/apps/v1"), allowed: true, testDescription: "system:discovery for the authenticated"),
        Case(user: jane, attributes: resource("create", "selfsubjectaccessreviews", group: "authorization.k8s.io"), allowed: true, testDescription: "system:basic-user"),
    ]

    @Test(arguments: cases) func decides(_ example: Case) async {
        let authorizer = RBACAuthorizer(source: Self.policy)
        let decision = await authorizer.authorize(example.attributes(example.user))
        #expect(decision.allowed == example.allowed)
    }

    @Test func aMissingRoleIsNamedInTheReason() async {
        let decision = await RBACAuthorizer(source: Self.policy).authorize(
            AuthorizationAttributes(user: Self.dave, verb: "get", namespace: "default", resource: "pods", name: "p"))
        #expect(decision == .noOpinion(reason: "RBAC: clusterrole.rbac.authorization.k8s.io \"gone\" not found"))
    }

    @Test func systemMastersPassesFirst() async {
        let chain = AuthorizerChain([PrivilegedGroupsAuthorizer(), RBACAuthorizer(source: Policy())])
        let admin = UserInfo(name: "kubernetes-admin", groups: ["system:masters", "system:authenticated"])
        #expect(await chain.authorize(AuthorizationAttributes(user: admin, verb: "delete", resource: "nodes", name: "n")) == .allow)
        #expect(await chain.authorize(AuthorizationAttributes(user: Self.jane, verb: "delete", resource: "nodes", name: "n")).allowed == false)
    }

    @Test func forbiddenMessagesAreKubeAPIServers() {
        let namespaced = AuthorizationAttributes(user: Self.jane, verb: "list", namespace: "default", resource: "pods")
        #expect(namespaced.forbidden(reason: "").message
            == #"pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default""#)
        let cluster = AuthorizationAttributes(user: Self.jane, verb: "get", apiGroup: "rbac.authorization.k8s.io", resource: "clusterroles", name: "admin")
        #expect(cluster.forbidden(reason: "").message
            == #"clusterroles.rbac.authorization.k8s.io "admin" is forbidden: User "jane" cannot get resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope"#)
        let log = AuthorizationAttributes(user: Self.jane, verb: "get", namespace: "default", resource: "pods", subresource: "log", name: "p")
        #expect(log.forbidden(reason: "").message
            == #"pods "p" is forbidden: User "jane" cannot get resource "pods/log" in API group "" in the namespace "default""#)
        #expect(AuthorizationAttributes(user: Self.jane, verb: "get", path: "/metrics").forbidden(reason: "").message
            == #"forbidden: User "jane" cannot get path "/metrics""#)
    }

    @Test func escalationNeedsEveryRequestedPermission() {
        let owner = [
            RBACRule(verbs: ["get", "list"], apiGroups: [""], resources: ["pods"]),
            RBACRule(verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["a"]),
            RBACRule(verbs: ["get"], nonResourceURLs: ["/foo/*"]),
            RBACRule(verbs: ["update"], apiGroups: ["apps"], resources: ["*/scale"]),
        ]
        #expect(RBACEscalation.uncovered([RBACRule(verbs: ["get"], apiGroups: [""], resources: ["pods"])], by: owner).isEmpty)
        #expect(RBACEscalation.uncovered([RBACRule(verbs: ["get", "delete"], apiGroups: [""], resources: ["pods"])], by: owner)
            == [RBACRule(verbs: ["delete"], apiGroups: [""], resources: ["pods"])])
        #expect(RBACEscalation.uncovered([RBACRule(verbs: ["get"], apiGroups: [""], resources: ["configmaps"], resourceNames: ["a"])], by: owner).isEmpty)
        #expect(RBACEscalation.uncovered([RBACRule(verbs: ["get"], apiGroups: [""], resources: ["configmaps"])], by: owner).count == 1)
        #expect(RBACEscalation.uncovered([RBACRule(verbs: ["get"], nonResourceURLs: ["/foo/bar"])], by: owner).isEmpty)
        #expect(RBACEscalation.uncovered([RBACRule(verbs: ["get"], nonResourceURLs: ["/bar"])], by: owner).count == 1)
        #expect(RBACEscalation.uncovered([RBACRule(verbs: ["update"], apiGroups: ["apps"], resources: ["deployments/scale"])], by: owner).isEmpty)
        #expect(RBACEscalation.uncovered([RBACRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"])], by: owner).count == 1)
        #expect(RBACEscalation.uncovered(owner, by: [RBACRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]), RBACRule(verbs: ["*"], nonResourceURLs: ["*"])]).isEmpty)
    }
}
