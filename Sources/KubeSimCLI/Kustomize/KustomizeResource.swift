import KubeAPI

/// One object of a kustomization build, with what the build needs to know about its past.
struct KustomizeResource {
    var object: JSONValue
    /// The file the object came from (the kustomization file for generated objects), for error messages.
    var source: String
    /// The names the object had before prefixes, suffixes and hashes, oldest first; references to any of them
    /// are rewritten to its final name.
    var previousNames: [String] = []
    /// The namespaces the object had before the namespace transformer, for matching references.
    var previousNamespaces: [String] = []
    /// A generated ConfigMap or Secret that takes kustomize's content-hash suffix at the end of the build.
    var needsHashSuffix = false
    var apiVersion: String { object["apiVersion"]?.stringValue ?? "" }
    var kind: String { object["kind"]?.stringValue ?? "" }
    var group: String { ResourceCatalog.split(apiVersion: apiVersion).group }
    var version: String { ResourceCatalog.split(apiVersion: apiVersion).version }

    var name: String {
        get { object[["metadata", "name"]]?.stringValue ?? "" }
        set { object[["metadata", "name"]] = .string(newValue) }
    }

    var namespace: String? {
        get { object[["metadata", "namespace"]]?.stringValue }
        set { object[["metadata", "namespace"]] = newValue.map(JSONValue.string) }
    }

    /// Every name this object is known by: its earlier names and its current one.
    var allNames: [String] { previousNames + [name] }

    /// Renames the object, remembering the old name for reference fix-up.
    mutating func rename(_ newName: String) {
        guard newName != name else { return }
        previousNames.append(name)
        name = newName
    }

    /// `Kind.version.group/name.namespace`, as kustomize names a resource in its messages.
    var id: String {
        let groupPart = group.isEmpty ? "[noGrp]" : group
        return "\(kind).\(version).\(groupPart)/\(name).\(namespace ?? "[noNs]")"
    }
}
