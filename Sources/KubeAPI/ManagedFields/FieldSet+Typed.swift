extension FieldSet {
    /// The typed walk, for the built-in kinds: each value's type from the Kubernetes descriptors, and how
    /// server-side apply treats it from the types' markers (``KubernetesFieldMarkers``), as structured-merge-diff
    /// does with kube-apiserver's schema: an atomic struct or map, a time, quantity or int-or-string is one leaf;
    /// a granular map owns itself (`.`) and each key; a list is atomic unless it is a set (`v:` items) or a map
    /// (`k:` items owning themselves and their fields, or only themselves when the item is an atomic struct).
    static func collect(_ value: JSONValue, prefix: [String], message: String, into paths: inout Set<[String]>) {
        guard let fields = value.objectValue, !fields.isEmpty, !KubernetesFieldMarkers.atomicStructs.contains(message)
        else {
            if !prefix.isEmpty { paths.insert(prefix) }
            return
        }
        let schema = KubernetesSchema.shared
        // A null is no value: Go writes `creationTimestamp: null` in a pod template's metadata.
        for (key, child) in fields where child != .null {
            let path = prefix + ["f:\(key)"]
            guard let (field, declaredIn) = schema.resolve(key, in: message) else {
                collect(child, prefix: path, fieldName: key, into: &paths)
                continue
            }
            let entry = field.isMessage ? schema.messages[field.typeName] : nil
            if let entry, entry.isMapEntry {
                collectMap(
                    child, prefix: path, atomic: KubernetesFieldMarkers.atomicMaps[declaredIn]?.contains(field.name) == true,
                    values: entry.fields[2].flatMap { $0.isMessage ? $0.typeName : nil }, into: &paths)
            } else if field.repeated {
                collectList(
                    child, prefix: path, kind: KubernetesFieldMarkers.lists[declaredIn]?[field.name] ?? .atomic,
                    items: field.isMessage ? field.typeName : nil, into: &paths)
            } else if field.isMessage && !KubernetesSchema.opaqueTypes.contains(field.typeName) {
                collect(child, prefix: path, message: field.typeName, into: &paths)
            } else {
                paths.insert(path)
            }
        }
    }

    /// A map field: one leaf when atomic, else itself (`.`) and each key.
    private static func collectMap(
        _ value: JSONValue, prefix: [String], atomic: Bool, values: String?, into paths: inout Set<[String]>
    ) {
        guard let entries = value.objectValue, !entries.isEmpty, !atomic else {
            paths.insert(prefix)
            return
        }
        paths.insert(prefix + ["."])
        for (key, child) in entries {
            if let values, !KubernetesSchema.opaqueTypes.contains(values) {
                collect(child, prefix: prefix + ["f:\(key)"], message: values, into: &paths)
            } else {
                paths.insert(prefix + ["f:\(key)"])
            }
        }
    }

    /// A list field by its `+listType`.
    private static func collectList(
        _ value: JSONValue, prefix: [String], kind: ListTypes.Kind, items: String?, into paths: inout Set<[String]>
    ) {
        guard let elements = value.arrayValue, !elements.isEmpty else {
            paths.insert(prefix)
            return
        }
        switch kind {
        case .atomic:
            paths.insert(prefix)
        case .set:
            for element in elements { paths.insert(prefix + ["v:\(element.jsonString())"]) }
        case .map(let keys):
            for element in elements {
                guard let step = keyStep(element, keys: keys) else {
                    paths.insert(prefix)
                    return
                }
                if let items, !KubernetesFieldMarkers.atomicStructs.contains(items) {
                    paths.insert(prefix + [step, "."])
                    collect(element, prefix: prefix + [step], message: items, into: &paths)
                } else {
                    paths.insert(prefix + [step])
                }
            }
        }
    }
}
