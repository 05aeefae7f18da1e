import KubeAPI

/// A patch's `target`: the objects it applies to, by group, version, kind, name and namespace (names and
/// namespaces as anchored regular expressions) and label and annotation selectors.
struct PatchTarget {
    private static let keys: Set<String> = ["group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector"]

    var group: String?
    var version: String?
    var kind: String?
    var name: String?
    var namespace: String?
    var labels: LabelSelector?
    var annotations: LabelSelector?

    init(group: String? = nil, version: String? = nil, kind: String? = nil, name: String? = nil, namespace: String? = nil) {
        (self.group, self.version, self.kind, self.name, self.namespace) = (group, version, kind, name, namespace)
    }

    init(_ value: JSONValue, file: String, field: String) throws(KustomizeError) {
        guard let object = value.objectValue else { throw KustomizeError(file, field: field, "must be a mapping") }
        try Kustomization.checkKeys(object, Self.keys, file: file, field: field)
        func text(_ key: String) throws(KustomizeError) -> String? {
            try Kustomization.string(object[key], file: file, field: "\(field).\(key)").flatMap { $0.isEmpty ? nil : $0 }
        }
        group = try text("group")
        version = try text("version")
        kind = try text("kind")
        name = try text("name")
        namespace = try text("namespace")
        for (key, pattern) in [("name", name), ("namespace", namespace)] {
            if let pattern, (try? Regex("^(?:\(pattern))$")) == nil {
                throw KustomizeError(file, field: "\(field).\(key)", "\(FieldError.quoted(pattern)) is not a valid regular expression")
            }
        }
        do {
            labels = try text("labelSelector").map(LabelSelector.init(parsing:))
            annotations = try text("annotationSelector").map(LabelSelector.init(parsing:))
        } catch {
            throw KustomizeError(file, field: field, "invalid selector: \(error)")
        }
    }

    func selects(_ resource: KustomizeResource) -> Bool {
        if let group, group != resource.group { return false }
        if let version, version != resource.version { return false }
        if let kind, kind != resource.kind { return false }
        if let name, !resource.allNames.contains(where: { Self.matches(pattern: name, $0) }) { return false }
        if let namespace, !Self.matches(pattern: namespace, resource.namespace ?? "") { return false }
        if let labels, !labels.matches(Self.strings(resource.object[["metadata", "labels"]])) { return false }
        if let annotations, !annotations.matches(Self.strings(resource.object[["metadata", "annotations"]])) { return false }
        return true
    }

    private static func matches(pattern: String, _ text: String) -> Bool {
        guard let regex = try? Regex("^(?:\(pattern))$") else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    private static func strings(_ value: JSONValue?) -> [String: String] {
        (value?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    /// The target as kustomize prints an id in messages.
    var description: String {
        "\(kind ?? "[noKind]").\(version ?? "[noVer]").\(group ?? "[noGrp]")/\(name ?? "[noName]").\(namespace ?? "[noNs]")"
    }
}
