import Foundation
import KubeAPI

/// kubectl's describers of roles and bindings: rules broken down to one verb each, compacted per resource, and
/// sorted by their Go `String()`.
extension DescribeContext {
    func describeRole(_ role: KubeObject) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(role.name)\n")
        w.labels("Labels", role.labels)
        w.annotations("Annotations", role.annotations)
        w.write(0, "PolicyRule:\n")
        w.write(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
        w.write(1, "---------\t-----------------\t--------------\t-----\n")
        for rule in PolicyRules.compacted(role.json["rules"]?.arrayValue ?? []) {
            w.write(1, "\(rule.combinedResource)\t[\(rule.nonResourceURLs.joined(separator: " "))]\t[\(rule.resourceNames.joined(separator: " "))]\t[\(rule.verbs.joined(separator: " "))]\n")
        }
        return w.finish()
    }

    func describeRoleBinding(_ binding: KubeObject) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(binding.name)\n")
        w.labels("Labels", binding.labels)
        w.annotations("Annotations", binding.annotations)
        w.write(0, "Role:\n")
        w.write(1, "Kind:\t\(binding.json[["roleRef", "kind"]]?.stringValue ?? "")\n")
        w.write(1, "Name:\t\(binding.json[["roleRef", "name"]]?.stringValue ?? "")\n")
        w.write(0, "Subjects:\n")
        w.write(1, "Kind\tName\tNamespace\n")
        w.write(1, "----\t----\t---------\n")
        for subject in binding.json["subjects"]?.arrayValue ?? [] {
            w.write(1, "\(subject["kind"]?.stringValue ?? "")\t\(subject["name"]?.stringValue ?? "")\t\(subject["namespace"]?.stringValue ?? "")\n")
        }
        return w.finish()
    }
}

/// kubectl's `rbac.BreakdownRule` (one rule per group, resource, resource name and verb), `CompactRules` and
/// `SortableRuleSlice`.
enum PolicyRules {
    struct Rule: Equatable {
        var verbs: [String]
        var apiGroups: [String]
        var resources: [String]
        var resourceNames: [String]
        var nonResourceURLs: [String]

        /// `CombineResourceGroup`: `resource.group/subresource`.
        var combinedResource: String {
            guard let first = resources.first else { return "" }
            let parts = first.split(separator: "/", maxSplits: 1).map(String.init)
            var text = parts[0]
            if let group = apiGroups.first, !group.isEmpty { text += ".\(group)" }
            if parts.count == 2 { text += "/\(parts[1])" }
            return text
        }

        /// The generated `PolicyRule.String()`, the sort key.
        var goString: String {
            func list(_ items: [String]) -> String { "[" + items.joined(separator: " ") + "]" }
            return "&PolicyRule{Verbs:\(list(verbs)),APIGroups:\(list(apiGroups)),Resources:\(list(resources)),ResourceNames:\(list(resourceNames)),NonResourceURLs:\(list(nonResourceURLs)),}"
        }
    }

    static func compacted(_ rules: [JSONValue]) -> [Rule] {
        func strings(_ value: JSONValue?) -> [String] { (value?.arrayValue ?? []).compactMap(\.stringValue) }
        var brokenDown: [Rule] = []
        for rule in rules {
            let verbs = strings(rule["verbs"]), names = strings(rule["resourceNames"])
            for group in strings(rule["apiGroups"]) {
                for resource in strings(rule["resources"]) {
                    for name in names.isEmpty ? [nil] : names.map(Optional.some) {
                        for verb in verbs {
                            brokenDown.append(
                                Rule(verbs: [verb], apiGroups: [group], resources: [resource], resourceNames: name.map { [$0] } ?? [], nonResourceURLs: []))
                        }
                    }
                }
            }
            for url in strings(rule["nonResourceURLs"]) {
                for verb in verbs {
                    brokenDown.append(Rule(verbs: [verb], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url]))
                }
            }
        }
        // Simple rules (one group, one resource, at most one name, no URLs) merge their verbs.
        var compacted: [Rule] = []
        var simple: [String: Int] = [:]
        var simpleRules: [Rule] = []
        for rule in brokenDown {
            let isSimple = rule.apiGroups.count == 1 && rule.resources.count == 1 && rule.nonResourceURLs.isEmpty
                && rule.resourceNames.count <= 1
            guard isSimple else {
                compacted.append(rule)
                continue
            }
            let key = "\(rule.apiGroups[0])\u{0}\(rule.resources[0])\u{0}\(rule.resourceNames.count)\u{0}\(rule.resourceNames.first ?? "")"
            if let index = simple[key] {
                for verb in rule.verbs where !simpleRules[index].verbs.contains(verb) { simpleRules[index].verbs.append(verb) }
            } else {
                simple[key] = simpleRules.count
                simpleRules.append(rule)
            }
        }
        compacted += simpleRules
        return compacted.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.goString, rhs.element.goString)
            return a != b ? a < b : lhs.offset < rhs.offset
        }.map(\.element)
    }
}
