/// kustomize's output order (`legacy`): kinds that others depend on first (Namespace, then quotas, storage
/// classes, CRDs, service accounts, RBAC, config, services, ...), admission webhooks last, the rest between;
/// within a rank by group, version and kind, then namespace and name.
enum LegacyOrder {
    static let first = [
        "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount", "PodSecurityPolicy",
        "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "Endpoints", "Service",
        "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim", "Deployment", "StatefulSet",
        "CronJob", "PodDisruptionBudget",
    ]
    static let last = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"]

    private static func rank(_ kind: String, first: [String], last: [String]) -> Int {
        if let index = first.firstIndex(of: kind) { return index - first.count }
        if let index = last.firstIndex(of: kind) { return index + 1 }
        return 0
    }

    /// `group_version_kind` with kustomize's stand-ins for empty parts.
    private static func gvk(_ resource: KustomizeResource) -> String {
        [resource.group.isEmpty ? "~G" : resource.group, resource.version.isEmpty ? "~V" : resource.version,
         resource.kind.isEmpty ? "~K" : resource.kind].joined(separator: "_")
    }

    /// The resources in legacy order, with `first` and `last` the kinds that lead and close it
    /// (`sortOptions.legacySortOptions` replaces kustomize's lists).
    static func sorted(_ resources: [KustomizeResource], first: [String] = first, last: [String] = last) -> [KustomizeResource] {
        resources.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            let (rankA, rankB) = (rank(a.kind, first: first, last: last), rank(b.kind, first: first, last: last))
            if rankA != rankB { return rankA < rankB }
            let (gvkA, gvkB) = (gvk(a), gvk(b))
            if gvkA != gvkB { return gvkA < gvkB }
            let (keyA, keyB) = ("\(a.namespace ?? "")|\(a.name)", "\(b.namespace ?? "")|\(b.name)")
            if keyA != keyB { return keyA < keyB }
            return left.offset < right.offset
        }.map(\.element)
    }
}
