import KubeAPI

/// `namespace`: every namespaced object moves into the namespace (a Namespace object is renamed to it), and the
/// `default` ServiceAccount subjects of role bindings follow, as kustomize's namespace transformer does.
struct NamespaceTransformer {
    var namespace: String
    var catalog: ResourceCatalog

    func apply(to resources: inout [KustomizeResource]) {
        for index in resources.indices {
            var resource = resources[index]
            if resource.kind == "Namespace" && resource.group.isEmpty {
                resource.rename(namespace)
            } else if catalog.type(apiVersion: resource.apiVersion, kind: resource.kind)?.namespaced ?? true {
                // An object without a namespace was in `default` (kustomize's effective namespace).
                let old = resource.namespace ?? "default"
                if old != namespace { resource.previousNamespaces.append(old) }
                resource.namespace = namespace
            }
            if resource.group == "rbac.authorization.k8s.io", resource.kind == "RoleBinding" || resource.kind == "ClusterRoleBinding",
               var subjects = resource.object["subjects"]?.arrayValue {
                for position in subjects.indices where subjects[position]["name"]?.stringValue == "default"
                    && subjects[position]["kind"]?.stringValue == "ServiceAccount" {
                    subjects[position]["namespace"] = .string(namespace)
                }
                resource.object["subjects"] = .array(subjects)
            }
            resources[index] = resource
        }
    }
}

/// `namePrefix` and `nameSuffix`: every object's name but a Namespace's or a CustomResourceDefinition's.
struct PrefixSuffixTransformer {
    var prefix: String
    var suffix: String

    func apply(to resources: inout [KustomizeResource]) {
        guard !prefix.isEmpty || !suffix.isEmpty else { return }
        for index in resources.indices where !["Namespace", "CustomResourceDefinition"].contains(resources[index].kind) {
            resources[index].rename(prefix + resources[index].name + suffix)
        }
    }
}

/// `replicas`: `spec.replicas` of the named workloads.
struct ReplicasTransformer {
    static let kinds: Set<String> = ["Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"]
    var counts: [(name: String, count: Int64, field: String)]
    var file: String

    func apply(to resources: inout [KustomizeResource]) throws(KustomizeError) {
        for entry in counts {
            var found = false
            for index in resources.indices where Self.kinds.contains(resources[index].kind) && resources[index].allNames.contains(entry.name) {
                resources[index].object[["spec", "replicas"]] = .int(entry.count)
                found = true
            }
            if !found {
                throw KustomizeError(file, field: entry.field, "resource with name \(entry.name) does not match a config with the following GVK [apps_v1_Deployment apps_v1_ReplicaSet apps_v1_StatefulSet v1_ReplicationController]")
            }
        }
    }
}
