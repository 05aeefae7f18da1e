import KubeAPI

/// Rewrites the fields that name other objects of the build (`NameReferenceRules`) to those objects' final
/// names, once prefixes, suffixes and content hashes are on: kustomize's back-reference fix-up.
struct NameReferenceFixer {
    var catalog: ResourceCatalog

    func apply(to resources: inout [KustomizeResource]) {
        let snapshot = resources
        for rule in NameReferenceRules.all {
            let candidates = snapshot.filter { $0.kind == rule.kind && $0.group == rule.group }
            // Only renamed or moved objects need their referrers rewritten.
            guard candidates.contains(where: { !$0.previousNames.isEmpty || !$0.previousNamespaces.isEmpty }) else { continue }
            for index in resources.indices {
                for spec in rule.referrers where spec.applies(to: resources[index]) {
                    let referrer = resources[index]
                    let last = spec.path.last!
                    var parent = spec
                    parent.path.removeLast()
                    parent.create = false
                    if parent.path.isEmpty {
                        resources[index].object = edit(resources[index].object, key: last, rule: rule, referrer: referrer, candidates: candidates)
                    } else {
                        try? parent.apply(to: &resources[index].object) { (value: JSONValue?) -> JSONValue? in
                            guard let value else { return nil }
                            return edit(value, key: last, rule: rule, referrer: referrer, candidates: candidates)
                        }
                    }
                }
            }
        }
    }

    /// The object holding the reference, with its field `key` rewritten.
    private func edit(_ holder: JSONValue, key: String, rule: NameReferenceRules.Rule, referrer: KustomizeResource, candidates: [KustomizeResource]) -> JSONValue {
        if case .array(let items) = holder {
            return .array(items.map { edit($0, key: key, rule: rule, referrer: referrer, candidates: candidates) })
        }
        guard var fields = holder.objectValue, let value = fields[key] else { return holder }
        // A reference that says which kind it names (roleRef, scaleTargetRef) names only that kind.
        if let kind = fields["kind"]?.stringValue, key == "name", kind != rule.kind { return holder }
        switch value {
        case .string(let name):
            if let target = match(name, namespace: nil, referrer: referrer, candidates: candidates) { fields[key] = .string(target.name) }
        case .array(let items) where key == "subjects":
            // As kustomize: every subject named like a ServiceAccount of the build follows it, whatever its kind.
            fields[key] = .array(items.map { subject in
                guard let name = subject["name"]?.stringValue,
                      let target = match(name, namespace: subject["namespace"]?.stringValue, referrer: referrer, candidates: candidates)
                else { return subject }
                var subject = subject
                subject["name"] = .string(target.name)
                if let namespace = target.namespace { subject["namespace"] = .string(namespace) }
                return subject
            })
        case .array(let items):
            fields[key] = .array(items.map { item in
                guard let name = item.stringValue, let target = match(name, namespace: nil, referrer: referrer, candidates: candidates) else { return item }
                return .string(target.name)
            })
        case .object(var reference):
            guard let name = reference["name"]?.stringValue,
                  let target = match(name, namespace: reference["namespace"]?.stringValue, referrer: referrer, candidates: candidates)
            else { return holder }
            reference["name"] = .string(target.name)
            if let namespace = target.namespace { reference["namespace"] = .string(namespace) }
            fields[key] = .object(reference)
        default: break
        }
        return .object(fields)
    }

    /// The object a name refers to: one that had that name, in the referrer's namespace when the referrer has one.
    private func match(_ name: String, namespace: String?, referrer: KustomizeResource, candidates: [KustomizeResource]) -> KustomizeResource? {
        let named = candidates.filter { $0.allNames.contains(name) }
        let referrerNamespaced = catalog.type(apiVersion: referrer.apiVersion, kind: referrer.kind)?.namespaced ?? true
        let scoped = named.filter { candidate in
            if let namespace { return (candidate.previousNamespaces + [candidate.namespace ?? "default"]).contains(namespace) }
            guard referrerNamespaced else { return true }
            return (candidate.namespace ?? "default") == (referrer.namespace ?? "default")
        }
        return scoped.first { $0.previousNames.contains(name) } ?? scoped.first
    }
}
