import KubeAPI

/// Where the RBAC authorizer reads roles and bindings (JSON objects of `rbac.authorization.k8s.io/v1`).
public protocol RBACPolicySource: Sendable {
    func clusterRoleBindings() async throws -> [JSONValue]
    func roleBindings(namespace: String) async throws -> [JSONValue]
    func clusterRole(named name: String) async throws -> JSONValue?
    func role(namespace: String, named name: String) async throws -> JSONValue?
}

/// The roles and bindings stored through the registry, read at each decision so a change takes effect at once.
public struct RegistryPolicySource: RBACPolicySource {
    public let registry: Registry

    public init(registry: Registry) {
        self.registry = registry
    }

    public func clusterRoleBindings() async throws -> [JSONValue] {
        try await registry.list(BuiltinResources.clusterRoleBindings, namespace: nil).items.map(\.json)
    }

    public func roleBindings(namespace: String) async throws -> [JSONValue] {
        try await registry.list(BuiltinResources.roleBindings, namespace: namespace).items.map(\.json)
    }

    public func clusterRole(named name: String) async throws -> JSONValue? {
        try? await registry.get(BuiltinResources.clusterRoles, namespace: nil, name: name).json
    }

    public func role(namespace: String, named name: String) async throws -> JSONValue? {
        try? await registry.get(BuiltinResources.roles, namespace: namespace, name: name).json
    }
}
