/// RBAC's escalation prevention (`validation.Covers`): a user may create or update a role, or bind one, only
/// when the rules they hold cover every rule of it.
public enum RBACEscalation {
    /// The requested rules' parts that `owner` does not cover; empty when nothing escalates.
    public static func uncovered(_ requested: [RBACRule], by owner: [RBACRule]) -> [RBACRule] {
        var missing: [RBACRule] = []
        for rule in requested {
            for part in atoms(of: rule) where !owner.contains(where: { covers($0, part) }) {
                missing.append(part)
            }
        }
        return missing
    }

    /// A rule split into one verb, group, resource and name (or URL) each.
    private static func atoms(of rule: RBACRule) -> [RBACRule] {
        var atoms: [RBACRule] = []
        for verb in rule.verbs {
            for url in rule.nonResourceURLs { atoms.append(RBACRule(verbs: [verb], nonResourceURLs: [url])) }
            for group in rule.apiGroups {
                for resource in rule.resources {
                    if rule.resourceNames.isEmpty {
                        atoms.append(RBACRule(verbs: [verb], apiGroups: [group], resources: [resource]))
                    }
                    for name in rule.resourceNames {
                        atoms.append(RBACRule(verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: [name]))
                    }
                }
            }
        }
        return atoms
    }

    /// Whether one owned rule covers a requested atom.
    private static func covers(_ owner: RBACRule, _ atom: RBACRule) -> Bool {
        guard owner.verbs.contains("*") || owner.verbs.contains(atom.verbs[0]) else { return false }
        if let url = atom.nonResourceURLs.first {
            return owner.nonResourceURLs.contains { pattern in
                pattern == "*" || pattern == url
                    || (pattern.hasSuffix("*") && url.hasPrefix(String(pattern.dropLast())))
            }
        }
        let (group, resource) = (atom.apiGroups[0], atom.resources[0])
        guard owner.apiGroups.contains("*") || owner.apiGroups.contains(group) else { return false }
        let resourceCovered = owner.resources.contains { owned in
            if owned == "*" || owned == resource { return true }
            if owned.hasPrefix("*/"), let slash = resource.firstIndex(of: "/") { return owned.dropFirst() == resource[slash...] }
            return owned.hasSuffix("/*") && resource.hasPrefix(String(owned.dropLast()))
        }
        guard resourceCovered else { return false }
        return owner.resourceNames.isEmpty || (!atom.resourceNames.isEmpty && owner.resourceNames.contains(atom.resourceNames[0]))
    }
}
