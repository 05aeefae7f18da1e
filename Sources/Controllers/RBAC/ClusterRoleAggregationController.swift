import KubeAPI

/// kube-controller-manager's clusterrole-aggregation controller (`pkg/controller/clusterroleaggregation`): a
/// ClusterRole with an `aggregationRule` gets as `rules` the rules of every other ClusterRole its
/// `clusterRoleSelectors` match, in name order, each rule once.
public struct ClusterRoleAggregationController: Controller {
    public init() {}

    public var name: String { "clusterrole-aggregation-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.clusterRoles] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        // Any role's labels or rules may change what an aggregating role collects.
        cache.list(BuiltinResources.clusterRoles).filter { $0.json["aggregationRule"] != nil }
            .map { ObjectKey(namespace: nil, name: $0.name) }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard var role = context.cache.get(BuiltinResources.clusterRoles, namespace: nil, name: key.name),
            let selectors = role.json[["aggregationRule", "clusterRoleSelectors"]]?.arrayValue
        else { return }
        let parsed = selectors.compactMap { try? LabelSelector(object: $0) }
        var rules: [JSONValue] = []
        for other in context.cache.list(BuiltinResources.clusterRoles).sorted(by: { $0.name < $1.name })
        where other.name != role.name && parsed.contains(where: { $0.matches(other.labels) }) {
            for rule in other.json["rules"]?.arrayValue ?? [] where !rules.contains(rule) { rules.append(rule) }
        }
        guard (role.json["rules"]?.arrayValue ?? []) != rules else { return }
        role.json["rules"] = .array(rules)
        _ = try await context.api.update(
            BuiltinResources.clusterRoles, namespace: nil, name: role.name, object: role.json, options: context.writeOptions)
    }
}
