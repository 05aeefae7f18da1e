import ArgumentParser
import Foundation
import KubeAPI
import KubeAuth

/// `kubesim auth can-i` and `auth whoami`. Against a server they create the review objects kubectl creates
/// (SelfSubjectAccessReview, SelfSubjectReview), impersonating with `--as`/`--as-group`; embedded, where no
/// request is authenticated, commands act as the administrator `kubesim serve`'s `admin.conf` names
/// (`kubernetes-admin` in `system:masters`), and the same authorizers (system:masters, Node, RBAC) decide.
struct Auth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "auth",
        abstract: "Inspect authorization.", subcommands: [CanI.self, WhoAmI.self])

    /// Who embedded commands act as.
    static let embeddedAdministrator = UserInfo(name: "kubernetes-admin", groups: [UserInfo.masters, UserInfo.allAuthenticated])

    static func type(_ client: any KubeClient, _ apiVersion: String, _ kind: String) throws -> ResourceType {
        guard let type = client.catalog.type(apiVersion: apiVersion, kind: kind) else {
            throw CommandError("the server doesn't serve \(kind) (\(apiVersion))")
        }
        return type
    }

    /// `--as` and `--as-group`.
    struct Identity: ParsableArguments {
        @Option(name: .customLong("as"), help: "Username to impersonate for the operation.") var user: String?
        @Option(name: .customLong("as-group"), help: "Group to impersonate for the operation (repeatable).") var groups: [String] = []

        /// The embedded user: the impersonated one (with `system:authenticated`, as kube-apiserver adds it), or
        /// the administrator.
        var embeddedUser: UserInfo {
            guard let user else { return Auth.embeddedAdministrator }
            var groups = self.groups
            // A service account's groups, as kube-apiserver's impersonation filter adds them.
            let parts = user.split(separator: ":", omittingEmptySubsequences: false)
            if groups.isEmpty, parts.count == 4, parts[0] == "system", parts[1] == "serviceaccount" {
                groups = ["system:serviceaccounts", "system:serviceaccounts:\(parts[2])"]
            }
            if user != UserInfo.anonymousName && !groups.contains(UserInfo.allAuthenticated) { groups.append(UserInfo.allAuthenticated) }
            return UserInfo(name: user, groups: groups)
        }
    }

    /// Runs `body` with the server (impersonating) or, embedded, the registry and the user it acts as.
    static func withCluster<T>(
        _ serverOptions: ServerOptions, _ store: StoreOptions, _ identity: Identity,
        _ body: (any KubeClient, _ embeddedUser: UserInfo?) async throws -> T
    ) async throws -> T {
        guard var config = try serverOptions.kubeconfigToUse() else {
            if identity.user == nil && !identity.groups.isEmpty {
                throw CommandError("requesting uid, groups or user-extra for test without impersonating a user")
            }
            return try await store.withCluster(settling: false) { client, _ in try await body(client, identity.embeddedUser) }
        }
        config.impersonateUser = identity.user
        config.impersonateGroups = identity.groups
        return try await withClosing(try await RemoteCluster.connect(config), close: { await $0.close() }) { try await body($0, nil) }
    }

    struct WhoAmI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Experimental: Check self subject attributes.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var serverOptions: ServerOptions
        @OptionGroup var identity: Identity
        @Option(name: [.customShort("o"), .customLong("output")], help: "json or yaml.") var output: String?

        func run() async throws {
            if let output, output != "json", output != "yaml" {
                throw CommandError("unable to match a printer suitable for the output format \(GoStringLiteral.quote(output)), allowed formats are: json,yaml")
            }
            let review = try await Auth.withCluster(serverOptions, store, identity) { client, embeddedUser -> JSONValue in
                if let embeddedUser {
                    return [
                        "kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1", "metadata": ["creationTimestamp": .null],
                        "status": ["userInfo": embeddedUser.json],
                    ]
                }
                do {
                    return try await client.create(
                        try Auth.type(client, "authentication.k8s.io/v1", "SelfSubjectReview"), namespace: nil,
                        object: ["kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1", "metadata": ["creationTimestamp": .null]],
                        options: WriteOptions(fieldManager: "kubectl")
                    ).json
                } catch let error as StatusError where error.code == 403 {
                    throw CommandError("the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it")
                }
            }
            let console = Console.standard
            switch output {
            case "json": console.out.line(review.prettyJSONString())
            case "yaml": console.out.write(review.yamlString())
            default:
                let info = review[["status", "userInfo"]] ?? .emptyObject
                var text = "ATTRIBUTE\tVALUE\n"
                if let name = info["username"]?.stringValue, !name.isEmpty { text += "Username\t\(name)\n" }
                if let uid = info["uid"]?.stringValue, !uid.isEmpty { text += "UID\t\(uid)\n" }
                let groups = info["groups"]?.arrayValue?.compactMap(\.stringValue) ?? []
                if !groups.isEmpty { text += "Groups\t[\(groups.joined(separator: " "))]\n" }
                for (key, values) in (info["extra"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                    text += "Extra: \(key)\t[\((values.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " "))]\n"
                }
                console.out.write(TabWriter.align(text))
            }
        }
    }

    struct CanI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "can-i", abstract: "Check whether an action is allowed.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var serverOptions: ServerOptions
        @OptionGroup var identity: Identity
        @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.") var namespace: String?
        @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Check the action in all namespaces.") var allNamespaces = false
        @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Suppress output and just return the exit code.") var quiet = false
        @Option(help: "SubResource such as pod/log or deployment/scale.") var subresource = ""
        @Flag(help: "Print all allowed actions.") var list = false
        @Flag(name: .customLong("no-headers"), help: "Print allowed actions without headers.") var noHeaders = false
        @Argument var arguments: [String] = []

        static let resourceVerbs: Set<String> = [
            "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection", "use", "bind", "impersonate", "*",
            "approve", "sign", "escalate", "attest",
        ]
        static let nonResourceVerbs: Set<String> = ["get", "put", "post", "head", "options", "delete", "patch", "*"]

        func run() async throws {
            if list {
                guard arguments.isEmpty else { throw CommandError("list option must be specified with no arguments") }
                guard !quiet, !allNamespaces, subresource.isEmpty else {
                    throw CommandError("list option can't be specified with neither quiet, all-namespaces nor subresource options")
                }
                return try await listRules()
            }
            guard arguments.count == 2 else {
                throw CommandError(
                    "you must specify two arguments: verb resource or verb resource/resourceName.\nSee 'kubectl auth can-i -h' for help and examples.")
            }
            let console = Console.standard
            let verb = arguments[0]
            let allowed = try await Auth.withCluster(serverOptions, store, identity) { client, embeddedUser -> Bool in
                var warnings: [String] = []
                var attributes: JSONValue
                if arguments[1].hasPrefix("/") {
                    if !subresource.isEmpty { throw CommandError("--subresource can not be used with NonResourceURL") }
                    if !Self.nonResourceVerbs.contains(verb) { warnings.append("verb '\(verb)' is not a known verb") }
                    attributes = ["nonResourceAttributes": ["verb": .string(verb), "path": .string(arguments[1])]]
                } else {
                    let tokens = arguments[1].split(separator: "/", maxSplits: 1).map(String.init)
                    var (group, resource) = ("", tokens[0])
                    if tokens[0] != "*" {
                        let lowered = tokens[0].lowercased()
                        if let type = client.catalog.type(named: lowered) {
                            (group, resource) = (type.group, type.plural)
                            if !type.namespaced && !allNamespaces {
                                warnings.append("resource '\(type.plural)' is not namespace scoped" + (type.group.isEmpty ? "" : " in group '\(type.group)'"))
                            }
                        } else {
                            let dot = lowered.firstIndex(of: ".")
                            let (name, named) = dot.map { (String(lowered[..<$0]), String(lowered[lowered.index(after: $0)...])) } ?? (lowered, "")
                            if !["users", "groups"].contains(lowered) {
                                warnings.append("the server doesn't have a resource type '\(name)'" + (named.isEmpty ? "" : " in group '\(named)'"))
                            }
                        }
                    }
                    if !Self.resourceVerbs.contains(verb) { warnings.append("verb '\(verb)' is not a known verb") }
                    var resourceAttributes: JSONValue = [
                        "namespace": .string(allNamespaces ? "" : namespace ?? "default"), "verb": .string(verb), "resource": .string(resource),
                    ]
                    if !group.isEmpty { resourceAttributes["group"] = .string(group) }
                    if !subresource.isEmpty { resourceAttributes["subresource"] = .string(subresource) }
                    if tokens.count > 1 { resourceAttributes["name"] = .string(tokens[1]) }
                    attributes = ["resourceAttributes": resourceAttributes]
                }
                if noHeaders { throw CommandError("--no-headers cannot be set without --list specified") }
                for warning in warnings { console.err.line("Warning: \(warning)\n") }
                let status: JSONValue
                if let embeddedUser, let registry = client as? Registry {
                    status = await Self.decide(attributes, user: embeddedUser, registry: registry)
                } else {
                    var review: JSONValue = ["kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1", "metadata": ["creationTimestamp": .null]]
                    review["spec"] = attributes
                    status = try await client.create(
                        try Auth.type(client, "authorization.k8s.io/v1", "SelfSubjectAccessReview"), namespace: nil, object: review,
                        options: WriteOptions(fieldManager: "kubectl")
                    ).json["status"] ?? .emptyObject
                }
                let allowed = status["allowed"]?.boolValue ?? false
                if !quiet {
                    var answer = allowed ? "yes" : "no"
                    if !allowed, let reason = status["reason"]?.stringValue, !reason.isEmpty { answer += " - \(reason)" }
                    if !allowed, let error = status["evaluationError"]?.stringValue, !error.isEmpty { answer += " - \(error)" }
                    console.out.line(answer)
                }
                return allowed
            }
            if !allowed { throw ExitCode(1) }
        }

        /// `--list`: the rules the user holds in the namespace (a SelfSubjectRulesReview), broken down, compacted
        /// and sorted as kubectl prints them.
        func listRules() async throws {
            let scope = namespace ?? "default"
            let status = try await Auth.withCluster(serverOptions, store, identity) { client, embeddedUser -> JSONValue in
                if let embeddedUser, let registry = client as? Registry {
                    var (rules, errors) = await RBACAuthorizer(source: RegistryPolicySource(registry: registry)).rules(for: embeddedUser, namespace: scope)
                    if embeddedUser.groups.contains(UserInfo.masters) {
                        rules.insert(
                            contentsOf: [RBACRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]), RBACRule(verbs: ["*"], nonResourceURLs: ["*"])], at: 0)
                    }
                    var status: JSONValue = [
                        "resourceRules": .array(rules.filter { !$0.resources.isEmpty }.map(\.json)),
                        "nonResourceRules": .array(rules.filter { !$0.nonResourceURLs.isEmpty }.map(\.json)),
                        "incomplete": .bool(!errors.isEmpty),
                    ]
                    if !errors.isEmpty { status["evaluationError"] = .string(errors.joined(separator: ", ")) }
                    return status
                }
                let review: JSONValue = [
                    "kind": "SelfSubjectRulesReview", "apiVersion": "authorization.k8s.io/v1", "metadata": ["creationTimestamp": .null],
                    "spec": ["namespace": .string(scope)],
                ]
                return try await client.create(
                    try Auth.type(client, "authorization.k8s.io/v1", "SelfSubjectRulesReview"), namespace: nil, object: review,
                    options: WriteOptions(fieldManager: "kubectl")
                ).json["status"] ?? .emptyObject
            }
            let console = Console.standard
            if status["incomplete"]?.boolValue ?? false {
                console.err.line("Warning: the list may be incomplete: \(status["evaluationError"]?.stringValue ?? "")")
            }
            let rules = (status["resourceRules"]?.arrayValue ?? []) + (status["nonResourceRules"]?.arrayValue ?? [])
            var text = noHeaders ? "" : "Resources\tNon-Resource URLs\tResource Names\tVerbs\n"
            for rule in PolicyRules.compacted(rules) {
                text += "\(rule.combinedResource)\t[\(rule.nonResourceURLs.joined(separator: " "))]\t[\(rule.resourceNames.joined(separator: " "))]\t[\(rule.verbs.joined(separator: " "))]\n"
            }
            console.out.write(TabWriter.align(text))
        }

        /// The embedded decision: the authorizers kube-apiserver runs, on the embedded store's policy.
        static func decide(_ spec: JSONValue, user: UserInfo, registry: Registry) async -> JSONValue {
            let attributes: AuthorizationAttributes
            if let resource = spec["resourceAttributes"] {
                attributes = AuthorizationAttributes(
                    user: user, verb: resource["verb"]?.stringValue ?? "", namespace: resource["namespace"]?.stringValue ?? "",
                    apiGroup: resource["group"]?.stringValue ?? "", resource: resource["resource"]?.stringValue ?? "",
                    subresource: resource["subresource"]?.stringValue ?? "", name: resource["name"]?.stringValue ?? "")
            } else {
                let nonResource = spec["nonResourceAttributes"] ?? .emptyObject
                attributes = AuthorizationAttributes(
                    user: user, verb: nonResource["verb"]?.stringValue ?? "", path: nonResource["path"]?.stringValue ?? "")
            }
            let authorizer = AuthorizerChain([
                PrivilegedGroupsAuthorizer(), NodeAuthorizer(registry: registry), RBACAuthorizer(source: RegistryPolicySource(registry: registry)),
            ])
            let decision = await authorizer.authorize(attributes)
            var status: JSONValue = ["allowed": .bool(decision.allowed)]
            if !decision.reason.isEmpty { status["reason"] = .string(decision.reason) }
            return status
        }
    }
}
