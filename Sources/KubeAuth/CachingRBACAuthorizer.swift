import Synchronization

/// The RBAC authorizer with each user's rules resolved once per namespace and kept until the policy changes:
/// what the control loops' decisions go through, since they decide on every call of every reconcile. The rules
/// are those ``RBACAuthorizer/rules(for:namespace:)`` finds; the owner calls ``invalidate()`` whenever a Role,
/// ClusterRole, RoleBinding or ClusterRoleBinding changes (kube-apiserver's RBAC authorizer reads the same
/// objects from informers, so it too decides on the policy as its watch last saw it).
public final class CachingRBACAuthorizer: Authorizer, Sendable {
    public let rbac: RBACAuthorizer

    private struct Key: Hashable {
        var name: String
        var groups: [String]
        var namespace: String
    }

    private struct State {
        var generation = 0
        var rules: [Key: [RBACRule]] = [:]
    }

    private let state = Mutex(State())

    public init(rbac: RBACAuthorizer) {
        self.rbac = rbac
    }

    /// Forgets every resolved rule set: the next decision for each user reads the policy again.
    public func invalidate() {
        state.withLock { state in
            state.generation += 1
            state.rules = [:]
        }
    }

    public func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        let key = Key(name: attributes.user.name, groups: attributes.user.groups, namespace: attributes.namespace)
        let (cached, generation) = state.withLock { ($0.rules[key], $0.generation) }
        let rules: [RBACRule]
        if let cached {
            rules = cached
        } else {
            let resolved = await rbac.rules(for: attributes.user, namespace: attributes.namespace)
            guard resolved.errors.isEmpty else {
                // A dangling role reference is reported, not cached: the decision says why it found nothing.
                return await rbac.authorize(attributes)
            }
            rules = resolved.rules
            // A policy change while the rules were read leaves them uncached.
            state.withLock { if $0.generation == generation { $0.rules[key] = rules } }
        }
        return rules.contains(where: { $0.allows(attributes) }) ? .allow : .noOpinion(reason: "")
    }
}
