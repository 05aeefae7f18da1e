import ArgumentParser
import Foundation
import KubeAPI

/// `--verb`, `--resource` (`resource[.group][/subresource]`) and `--resource-name`: one rule per API group,
/// groups in order.
struct RuleOptions: ParsableArguments {
    @Option(help: "Verbs that apply to the resources, comma-separated.") var verb: [String] = []
    @Option(help: "Resources the rule applies to, comma-separated.") var resource: [String] = []
    @Option(name: .customLong("resource-name"), help: "Resource names the rule applies to.") var resourceName: [String] = []

    var rules: [JSONValue] {
        let verbs = verb.flatMap { $0.split(separator: ",").map(String.init) }
        var byGroup: [String: [String]] = [:]
        for item in resource.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let (resourcePart, subresource) = item.firstIndex(of: "/").map { (String(item[..<$0]), String(item[$0...])) } ?? (item, "")
            let pieces = resourcePart.split(separator: ".", maxSplits: 1).map(String.init)
            byGroup[pieces.count == 2 ? pieces[1] : "", default: []].append(pieces[0] + subresource)
        }
        return byGroup.keys.sorted().map { group in
            var rule: JSONValue = [
                "apiGroups": [.string(group)], "resources": .array(byGroup[group]!.map { .string($0) }),
                "verbs": .array(verbs.map { .string($0) }),
            ]
            if !resourceName.isEmpty { rule["resourceNames"] = .array(resourceName.map { .string($0) }) }
            return rule
        }
    }
}

struct CreateRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "role", abstract: "Create a role with single rule.")
    @OptionGroup var options: CreateOptions
    @OptionGroup var rule: RuleOptions
    @Argument var name: String
    func run() async throws {
        try await options.create(
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": generatedMetadata(name), "rules": .array(rule.rules)],
            resource: "roles")
    }
}

struct CreateClusterRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clusterrole", abstract: "Create a cluster role.")
    @OptionGroup var options: CreateOptions
    @OptionGroup var rule: RuleOptions
    @Argument var name: String
    func run() async throws {
        try await options.create(
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": generatedMetadata(name), "rules": .array(rule.rules)],
            resource: "clusterroles")
    }
}

/// `--user`, `--group` and `--serviceaccount namespace:name`, as subjects in that order.
struct SubjectOptions: ParsableArguments {
    @Option(help: "Usernames to bind to the role.") var user: [String] = []
    @Option(help: "Groups to bind to the role.") var group: [String] = []
    @Option(help: "Service accounts to bind to the role, as namespace:name.") var serviceaccount: [String] = []

    func subjects() throws -> [JSONValue] {
        var subjects: [JSONValue] = user.map { ["apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": .string($0)] }
        subjects += group.map { ["apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": .string($0)] }
        for account in serviceaccount {
            let parts = account.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw CommandError("serviceaccount must be <namespace>:<name>") }
            subjects.append(["kind": "ServiceAccount", "name": .string(parts[1]), "namespace": .string(parts[0])])
        }
        return subjects
    }
}

struct CreateRoleBinding: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rolebinding", abstract: "Create a role binding for a particular role or cluster role.")
    @OptionGroup var options: CreateOptions
    @OptionGroup var subjects: SubjectOptions
    @Option(help: "Role this role binding should reference.") var role: String?
    @Option(help: "Cluster role this role binding should reference.") var clusterrole: String?
    @Argument var name: String

    func validate() throws {
        if (role == nil) == (clusterrole == nil) { throw ValidationError("exactly one of clusterrole or role must be specified") }
    }

    func run() async throws {
        var binding: JSONValue = [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": generatedMetadata(name),
            "roleRef": [
                "apiGroup": "rbac.authorization.k8s.io", "kind": role == nil ? "ClusterRole" : "Role",
                "name": .string(role ?? clusterrole ?? ""),
            ],
        ]
        let list = try subjects.subjects()
        if !list.isEmpty { binding["subjects"] = .array(list) }
        try await options.create(binding, resource: "rolebindings")
    }
}

struct CreateClusterRoleBinding: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clusterrolebinding", abstract: "Create a cluster role binding for a particular cluster role.")
    @OptionGroup var options: CreateOptions
    @OptionGroup var subjects: SubjectOptions
    @Option(help: "Cluster role this binding should reference.") var clusterrole: String
    @Argument var name: String

    func run() async throws {
        var binding: JSONValue = [
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding", "metadata": generatedMetadata(name),
            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(clusterrole)],
        ]
        let list = try subjects.subjects()
        if !list.isEmpty { binding["subjects"] = .array(list) }
        try await options.create(binding, resource: "clusterrolebindings")
    }
}
