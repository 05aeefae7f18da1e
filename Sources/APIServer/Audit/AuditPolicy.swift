import Foundation
import KubeAPI
import KubeAuth

/// kube-apiserver's audit policy (`audit.k8s.io/v1` `Policy`, `--audit-policy-file`): the first rule that matches
/// a request gives its level; no match is `None`.
public struct AuditPolicy: Sendable {
    public enum Level: String, Sendable, Comparable {
        case none = "None", metadata = "Metadata", request = "Request", requestResponse = "RequestResponse"

        private var rank: Int { [.none: 0, .metadata: 1, .request: 2, .requestResponse: 3][self]! }
        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    struct Rule: Sendable {
        var level: Level
        var users: [String]
        var userGroups: [String]
        var verbs: [String]
        /// (group, resources, resourceNames); empty resources match every resource of the group.
        var resources: [(group: String, resources: [String], names: [String])]
        var namespaces: [String]
        var nonResourceURLs: [String]
        var omitStages: [String]?
    }

    let rules: [Rule]
    let omitStages: [String]

    /// A policy from its YAML or JSON text.
    /// - Throws: for a document that is not a Policy or names an unknown level.
    public init(text: String) throws {
        guard let document = try JSONValue.parseYAMLDocuments(text).first, document["kind"]?.stringValue == "Policy" else {
            throw AuditPolicyError(message: "the audit policy file holds no audit.k8s.io Policy")
        }
        func strings(_ value: JSONValue?, _ key: String) -> [String] { value?[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        omitStages = strings(document, "omitStages")
        rules = try (document["rules"]?.arrayValue ?? []).map { rule in
            guard let level = rule["level"]?.stringValue.flatMap(Level.init(rawValue:)) else {
                throw AuditPolicyError(message: "audit policy rule has an unknown level: \(rule["level"]?.jsonString() ?? "none")")
            }
            return Rule(
                level: level, users: strings(rule, "users"), userGroups: strings(rule, "userGroups"), verbs: strings(rule, "verbs"),
                resources: (rule["resources"]?.arrayValue ?? []).map {
                    ($0["group"]?.stringValue ?? "", strings($0, "resources"), strings($0, "resourceNames"))
                },
                namespaces: strings(rule, "namespaces"), nonResourceURLs: strings(rule, "nonResourceURLs"),
                omitStages: rule["omitStages"] == nil ? nil : strings(rule, "omitStages"))
        }
    }

    /// The level of a request and the stages not to record.
    func evaluate(_ attributes: AuthorizationAttributes) -> (level: Level, omitStages: Set<String>) {
        for rule in rules where Self.matches(rule, attributes) {
            return (rule.level, Set(omitStages + (rule.omitStages ?? [])))
        }
        return (.none, Set(omitStages))
    }

    private static func matches(_ rule: Rule, _ attributes: AuthorizationAttributes) -> Bool {
        if !rule.users.isEmpty && !rule.users.contains(attributes.user.name) { return false }
        if !rule.userGroups.isEmpty && !rule.userGroups.contains(where: attributes.user.groups.contains) { return false }
        if !rule.verbs.isEmpty && !rule.verbs.contains(attributes.verb) { return false }
        if !rule.namespaces.isEmpty || !rule.resources.isEmpty {
            guard attributes.isResourceRequest else { return false }
            if !rule.namespaces.isEmpty && !rule.namespaces.contains(attributes.namespace) { return false }
            if !rule.resources.isEmpty {
                let combined = attributes.resourceWithSubresource
                let matched = rule.resources.contains { entry in
                    entry.group == attributes.apiGroup
                        && (entry.resources.isEmpty || entry.resources.contains { resource in
                            resource == combined || resource == "*" || resource == "\(attributes.resource)/*"
                                || (resource.hasPrefix("*/") && resource.dropFirst(2) == attributes.subresource)
                        })
                        && (entry.names.isEmpty || entry.names.contains(attributes.name))
                }
                if !matched { return false }
            }
        }
        if !rule.nonResourceURLs.isEmpty {
            guard !attributes.isResourceRequest else { return false }
            let matched = rule.nonResourceURLs.contains { pattern in
                pattern == "*" || pattern == attributes.path
                    || (pattern.hasSuffix("*") && attributes.path.hasPrefix(String(pattern.dropLast())))
            }
            if !matched { return false }
        }
        return true
    }
}

public struct AuditPolicyError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
