import KubeAPI
import KubeAuth

/// How the control loops are authorized: by kube-apiserver's authorizers with `--authorization-mode=Node,RBAC`,
/// each loop as its component's user (``ComponentIdentity``), with the RBAC rules cached per user until a Role,
/// ClusterRole or binding changes (the manager watches those and says so).
///
/// The shared informer cache the manager keeps lists and watches with the control plane's full view (one cache
/// serves every loop, where each real component runs informers of its own); every call a reconcile makes is
/// authorized.
public struct LoopAuthorization: Sendable {
    public let authorizer: any Authorizer
    let rbac: CachingRBACAuthorizer
    /// kube-controller-manager's `--use-service-account-credentials`: each controller acts as its own service account.
    public let useServiceAccountCredentials: Bool

    /// The RBAC objects whose changes invalidate the cached rules.
    static let policyTypes = [
        BuiltinResources.clusterRoles, BuiltinResources.clusterRoleBindings, BuiltinResources.roles,
        BuiltinResources.roleBindings,
    ]

    public init(registry: Registry, useServiceAccountCredentials: Bool) {
        rbac = CachingRBACAuthorizer(rbac: RBACAuthorizer(source: RegistryPolicySource(registry: registry)))
        authorizer = AuthorizerChain.nodeAndRBAC(registry: registry, rbac: rbac)
        self.useServiceAccountCredentials = useServiceAccountCredentials
    }

    /// The authorization the cluster's control plane is configured with, read from its static pods' mirror pods
    /// in kube-system: the loops are authorized when kube-apiserver's `--authorization-mode` includes RBAC
    /// (kubeadm's `Node,RBAC`), with kube-controller-manager's `--use-service-account-credentials`. A store
    /// without a kube-apiserver pod (`--bare`) has kube-apiserver's default mode, AlwaysAllow: nil.
    public static func configured(in registry: Registry) async throws -> LoopAuthorization? {
        let pods = try await registry.list(BuiltinResources.pods, namespace: "kube-system").items
        func flag(_ name: String, of component: String) -> String? {
            let prefix = "--\(name)="
            for pod in pods where pod.labels["component"] == component {
                for container in pod.spec?["containers"]?.arrayValue ?? [] {
                    for argument in (container["command"]?.arrayValue ?? []) + (container["args"]?.arrayValue ?? []) {
                        if let text = argument.stringValue, text.hasPrefix(prefix) { return String(text.dropFirst(prefix.count)) }
                    }
                }
            }
            return nil
        }
        guard let mode = flag("authorization-mode", of: "kube-apiserver"), mode.split(separator: ",").contains("RBAC")
        else { return nil }
        return LoopAuthorization(
            registry: registry,
            useServiceAccountCredentials: flag("use-service-account-credentials", of: "kube-controller-manager") == "true")
    }

    /// The API as `controller` sees it acting on `key`: the kubelet as the node of the key (a node, or a pod
    /// bound to it).
    func api(_ base: any ClusterAPI, for controller: any Controller, key: ObjectKey?, cache: ObjectCache) -> any ClusterAPI {
        var node: String?
        if controller.identity == .kubelet, let key {
            node = key.namespace == nil ? key.name : cache.get(BuiltinResources.pods, key)?.spec?["nodeName"]?.stringValue
        }
        return api(base, for: controller.identity, node: node)
    }

    func api(_ base: any ClusterAPI, for identity: ComponentIdentity, node: String?) -> any ClusterAPI {
        AuthorizingClusterAPI(
            base: base, user: identity.user(useServiceAccountCredentials: useServiceAccountCredentials, node: node),
            authorizer: authorizer)
    }
}
