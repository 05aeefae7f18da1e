import KubeAPI

/// `images`: the `image` of every container and init container whose image name matches, given a new name, tag
/// or digest.
struct ImageTransformer {
    struct Rule {
        var name: String
        var newName: String?
        var newTag: String?
        var digest: String?
    }

    var rules: [Rule]

    func apply(to resources: inout [KustomizeResource]) {
        guard !rules.isEmpty else { return }
        for index in resources.indices { resources[index].object = rewrite(resources[index].object) }
    }

    private func rewrite(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(rewrite))
        case .object(var fields):
            for (key, child) in fields {
                if key == "containers" || key == "initContainers", let containers = child.arrayValue {
                    fields[key] = .array(containers.map { container in
                        guard let image = container["image"]?.stringValue else { return rewrite(container) }
                        var container = container
                        container["image"] = .string(self.image(image))
                        return container
                    })
                } else {
                    fields[key] = rewrite(child)
                }
            }
            return .object(fields)
        default: return value
        }
    }

    /// The image reference after the first rule that names it.
    func image(_ reference: String) -> String {
        let (name, tag, digest) = Self.split(reference)
        guard let rule = rules.first(where: { $0.name == name }) else { return reference }
        let newName = rule.newName ?? name
        if let digest = rule.digest { return rule.newTag.map { "\(newName):\($0)@\(digest)" } ?? "\(newName)@\(digest)" }
        if let newTag = rule.newTag { return "\(newName):\(newTag)" }
        if let digest { return "\(newName)@\(digest)" }
        if let tag { return "\(newName):\(tag)" }
        return newName
    }

    /// `registry/name:tag@digest` as name, tag and digest (a port's colon belongs to the name).
    static func split(_ reference: String) -> (name: String, tag: String?, digest: String?) {
        var rest = reference
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = String(rest[..<at])
        }
        let lastSlash = rest.lastIndex(of: "/") ?? rest.startIndex
        if let colon = rest[lastSlash...].lastIndex(of: ":") {
            return (String(rest[..<colon]), String(rest[rest.index(after: colon)...]), digest)
        }
        return (rest, nil, digest)
    }
}
