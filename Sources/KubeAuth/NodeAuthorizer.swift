import KubeAPI

/// kube-apiserver's Node authorizer, simplified: a kubelet (`system:node:<name>` in `system:nodes`) reads the
/// secrets, config maps and volume claims its bound pods use, writes its own Node, Lease and the status of its
/// pods; the rest of what it may do are the rules of the `system:node` ClusterRole (`nodeRules`), applied
/// without a binding. Anyone else gets no opinion.
public struct NodeAuthorizer: Authorizer {
    public let registry: Registry

    public init(registry: Registry) {
        self.registry = registry
    }

    public func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        guard let node = attributes.user.nodeName else { return .noOpinion(reason: "") }
        guard attributes.isResourceRequest else { return await nodeRules(attributes) }
        let denied = AuthorizationDecision.deny(reason: "node '\(node)' cannot \(attributes.verb) \(attributes.resource) '\(attributes.name)'")
        switch (attributes.apiGroup, attributes.resource) {
        case ("", "secrets"), ("", "configmaps"), ("", "persistentvolumeclaims"):
            guard attributes.verb == "get", !attributes.name.isEmpty else {
                return .deny(reason: "can only get individual resources of this type")
            }
            let used = await references(of: node, namespace: attributes.namespace)
            let key = "\(attributes.resource)/\(attributes.name)"
            return used.contains(key)
                ? .allow : .deny(reason: "no relationship found between node '\(node)' and this object")
        case ("", "nodes") where ["update", "patch", "delete"].contains(attributes.verb):
            return attributes.name == node ? .allow : denied
        case ("coordination.k8s.io", "leases") where attributes.namespace == "kube-node-lease":
            return attributes.name.isEmpty || attributes.name == node ? .allow : denied
        case ("", "pods") where !attributes.subresource.isEmpty && attributes.subresource != "eviction":
            guard attributes.subresource == "status" else { return await nodeRules(attributes) }
            guard let pod = try? await registry.get(BuiltinResources.pods, namespace: attributes.namespace, name: attributes.name)
            else { return await nodeRules(attributes) }
            // No opinion, as kube-apiserver's (`authorizeStatusUpdate`): RBAC decides, and grants nodes nothing.
            return pod.spec?["nodeName"]?.stringValue == node
                ? .allow : .noOpinion(reason: "no relationship found between node '\(node)' and this object")
        default:
            return await nodeRules(attributes)
        }
    }

    /// The `system:node` ClusterRole's rules, when the store has the role.
    private func nodeRules(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        guard let role = try? await registry.get(BuiltinResources.clusterRoles, namespace: nil, name: "system:node") else {
            return .noOpinion(reason: "")
        }
        return RBACRule.rules(of: role.json).contains { $0.allows(attributes) } ? .allow : .noOpinion(reason: "")
    }

    /// `secrets/<name>`, `configmaps/<name>`, `persistentvolumeclaims/<name>` the node's pods in `namespace` use.
    private func references(of node: String, namespace: String) async -> Set<String> {
        guard let pods = try? await registry.list(BuiltinResources.pods, namespace: namespace) else { return [] }
        var used: Set<String> = []
        for pod in pods.items where pod.spec?["nodeName"]?.stringValue == node {
            let spec = pod.spec ?? .emptyObject
            for secret in spec["imagePullSecrets"]?.arrayValue ?? [] {
                if let name = secret["name"]?.stringValue { used.insert("secrets/\(name)") }
            }
            for volume in spec["volumes"]?.arrayValue ?? [] {
                if let name = volume[["secret", "secretName"]]?.stringValue { used.insert("secrets/\(name)") }
                if let name = volume[["configMap", "name"]]?.stringValue { used.insert("configmaps/\(name)") }
                if let name = volume[["persistentVolumeClaim", "claimName"]]?.stringValue {
                    used.insert("persistentvolumeclaims/\(name)")
                }
                for source in volume[["projected", "sources"]]?.arrayValue ?? [] {
                    if let name = source[["secret", "name"]]?.stringValue { used.insert("secrets/\(name)") }
                    if let name = source[["configMap", "name"]]?.stringValue { used.insert("configmaps/\(name)") }
                }
            }
            let containers = (spec["containers"]?.arrayValue ?? []) + (spec["initContainers"]?.arrayValue ?? [])
            for container in containers {
                for source in container["envFrom"]?.arrayValue ?? [] {
                    if let name = source[["secretRef", "name"]]?.stringValue { used.insert("secrets/\(name)") }
                    if let name = source[["configMapRef", "name"]]?.stringValue { used.insert("configmaps/\(name)") }
                }
                for variable in container["env"]?.arrayValue ?? [] {
                    if let name = variable[["valueFrom", "secretKeyRef", "name"]]?.stringValue { used.insert("secrets/\(name)") }
                    if let name = variable[["valueFrom", "configMapKeyRef", "name"]]?.stringValue { used.insert("configmaps/\(name)") }
                }
            }
        }
        return used
    }
}

extension AuthorizerChain {
    /// kube-apiserver's authorizers with `--authorization-mode=Node,RBAC` (kubeadm's): `system:masters` first,
    /// then the Node authorizer, then `rbac` (an ``RBACAuthorizer`` or a ``CachingRBACAuthorizer``).
    public static func nodeAndRBAC(registry: Registry, rbac: any Authorizer) -> AuthorizerChain {
        AuthorizerChain([PrivilegedGroupsAuthorizer(), NodeAuthorizer(registry: registry), rbac])
    }
}
