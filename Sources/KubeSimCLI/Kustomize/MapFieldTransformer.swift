import KubeAPI

/// Adds key/value pairs to maps at field specs: kustomize's label and annotation transformers.
struct MapFieldTransformer {
    var pairs: [String: String]
    var specs: [FieldSpec]

    func apply(to resources: inout [KustomizeResource]) throws(KustomizeError) {
        guard !pairs.isEmpty else { return }
        for index in resources.indices {
            for spec in specs where spec.applies(to: resources[index]) {
                let source = resources[index].source
                try spec.apply(to: &resources[index].object) { (current: JSONValue?) throws(KustomizeError) -> JSONValue? in
                    guard current == nil || current?.objectValue != nil else {
                        throw KustomizeError(source, field: spec.path.joined(separator: "."), "expected a map to add \(pairs.keys.sorted().joined(separator: ", ")) to")
                    }
                    var fields = current?.objectValue ?? [:]
                    for (key, value) in pairs { fields[key] = .string(value) }
                    return .object(fields)
                }
            }
        }
    }
}
