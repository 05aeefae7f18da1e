import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim config view`: a kubeconfig as kubectl shows it: the files `KubeconfigFiles` names (merged), or
/// kubectl's empty config when none exists yet (embedded, before `kubesim serve` wrote `admin.conf`).
struct ConfigView: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view", abstract: "Display merged kubeconfig settings or a specified kubeconfig file.")
    @OptionGroup var file: KubeconfigFileOptions
    @Flag(help: "Display raw byte data and sensitive data.") var raw = false
    @Flag(help: "Flatten the resulting kubeconfig file into self-contained output (file data inlined).") var flatten = false
    @Flag(help: "Remove all information not used by current-context from the output.") var minify = false
    @Option(name: [.customShort("o"), .customLong("output")], help: "yaml or json.") var output = "yaml"
    @Argument var extra: [String] = []

    /// The members of client-go's v1 `Cluster`, `AuthInfo` and `Context`, in declaration order.
    static let fieldOrder = [
        "cluster": [
            "server", "tls-server-name", "insecure-skip-tls-verify", "certificate-authority", "certificate-authority-data",
            "proxy-url", "disable-compression", "extensions",
        ],
        "user": [
            "client-certificate", "client-certificate-data", "client-key", "client-key-data", "token", "tokenFile", "as", "as-uid",
            "as-groups", "as-user-extra", "username", "password", "auth-provider", "exec", "extensions",
        ],
        "context": ["cluster", "user", "namespace", "extensions"],
    ]

    func run() throws {
        guard extra.isEmpty else {
            throw CommandError("unexpected arguments: [\(extra.joined(separator: " "))]\nSee 'kubectl config view -h' for help and examples")
        }
        guard output == "yaml" || output == "json" else {
            throw CommandError("unable to match a printer suitable for the output format \(GoStringLiteral.quote(output)), allowed formats are: json,yaml")
        }
        var config = Self.entries(try file.files().startingConfig())
        if minify { config = try Self.minified(config) }
        if flatten { config = try Self.flattened(config) }
        if !flatten && !raw { config = Self.redacted(config) }
        let console = Console.standard
        if output == "json" {
            console.out.line(Self.goJSON(config).indented("    "))
        } else {
            var document: JSONValue = ["apiVersion": "v1", "kind": "Config", "preferences": .object(config.preferences)]
            for list in ["clusters", "users", "contexts"] { document[list] = config[list].map { JSONValue.array($0) } ?? JSONValue.null }
            document["current-context"] = .string(config.currentContext)
            console.out.write(document.yamlString())
        }
    }

    /// A kubeconfig's entries: each list sorted by name, as client-go keeps them in maps.
    struct Entries {
        var lists: [String: [JSONValue]] = [:]
        var currentContext = ""
        var preferences: [String: JSONValue] = [:]
        /// Each stanza's file, by `list/name`.
        var origins: [String: String] = [:]
        subscript(list: String) -> [JSONValue]? {
            get { lists[list].flatMap { $0.isEmpty ? nil : $0 } }
            set { lists[list] = newValue }
        }
    }

    /// The stanzas in name order, each with the file it came from (relative paths in it are read from there).
    static func entries(_ config: KubeconfigData) -> Entries {
        var entries = Entries()
        for stanza in KubeconfigSchema.Stanza.allCases {
            entries[stanza.list] = config[stanza].keys.sorted().map { name in
                let entry = config[stanza][name]!
                return ["name": .string(name), stanza.rawValue: .object(entry.fields)]
            }
            for (name, entry) in config[stanza] { entries.origins[stanza.list + "/" + name] = entry.origin }
        }
        entries.currentContext = config.currentContext
        entries.preferences = config.preferences
        return entries
    }

    /// Only the current context, its cluster and its user (client-go's `MinifyConfig`).
    static func minified(_ config: Entries) throws -> Entries {
        guard !config.currentContext.isEmpty else { throw CommandError("current-context must exist in order to minify") }
        guard let context = config["contexts"]?.first(where: { $0["name"]?.stringValue == config.currentContext }) else {
            throw CommandError("cannot locate context \(config.currentContext)")
        }
        var minified = Entries()
        minified.origins = config.origins
        minified.preferences = config.preferences
        minified.currentContext = config.currentContext
        minified["contexts"] = [context]
        let cluster = context[["context", "cluster"]]?.stringValue
        let user = context[["context", "user"]]?.stringValue
        minified["clusters"] = config["clusters"]?.filter { $0["name"]?.stringValue == cluster }
        minified["users"] = config["users"]?.filter { $0["name"]?.stringValue == user }
        return minified
    }

    /// File references read into their `-data` fields (client-go's `FlattenConfig`).
    static func flattened(_ config: Entries) throws -> Entries {
        var flattened = config
        let references = ["clusters": [("cluster", "certificate-authority")], "users": [("user", "client-certificate"), ("user", "client-key")]]
        for (list, fields) in references {
            flattened[list] = try config[list]?.map { entry in
                var entry = entry
                let origin = config.origins[list + "/" + (entry["name"]?.stringValue ?? "")] ?? ""
                let base = URL(fileURLWithPath: KubeconfigPaths.directory(of: origin))
                for (member, field) in fields {
                    guard let file = entry[[member, field]]?.stringValue, !file.isEmpty else { continue }
                    let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : base.appendingPathComponent(file)
                    guard let data = FileManager.default.contents(atPath: url.path) else {
                        throw CommandError("open \(url.path): no such file or directory")
                    }
                    entry[[member, field + "-data"]] = .string(data.base64EncodedString())
                    entry[[member, field]] = nil
                }
                return entry
            }
        }
        return flattened
    }

    /// Certificate and key data as `DATA+OMITTED`, tokens and passwords as `REDACTED` (client-go's
    /// `RedactSecrets` and `ShortenConfig`).
    static func redacted(_ config: Entries) -> Entries {
        var redacted = config
        let replacements = [
            "clusters": [("cluster", "certificate-authority-data", "DATA+OMITTED")],
            "users": [
                ("user", "client-certificate-data", "DATA+OMITTED"), ("user", "client-key-data", "DATA+OMITTED"),
                ("user", "token", "REDACTED"), ("user", "password", "REDACTED"),
            ],
        ]
        for (list, fields) in replacements {
            redacted[list] = config[list]?.map { entry in
                var entry = entry
                for (member, field, replacement) in fields where !(entry[[member, field]]?.stringValue ?? "").isEmpty {
                    entry[[member, field]] = .string(replacement)
                }
                return entry
            }
        }
        return redacted
    }

    /// The v1 `Config` as `json.MarshalIndent` writes it: kind, apiVersion, preferences, clusters, users,
    /// contexts, current-context.
    static func goJSON(_ config: Entries) -> GoJSON {
        func entry(_ value: JSONValue, member: String) -> GoJSON {
            let fields = value[member]?.objectValue ?? [:]
            let order = fieldOrder[member] ?? []
            let known = order.compactMap { name in fields[name].map { (name, convert($0)) } }
            let others = fields.keys.filter { !order.contains($0) }.sorted().map { ($0, convert(fields[$0]!)) }
            return .object([("name", .string(value["name"]?.stringValue ?? "")), (member, .object(known + others))])
        }
        func list(_ name: String, member: String) -> GoJSON {
            config[name].map { .array($0.map { entry($0, member: member) }) } ?? .null
        }
        return .object([
            ("kind", .string("Config")), ("apiVersion", .string("v1")), ("preferences", .object(config.preferences.keys.sorted().map { ($0, convert(config.preferences[$0]!)) })),
            ("clusters", list("clusters", member: "cluster")), ("users", list("users", member: "user")),
            ("contexts", list("contexts", member: "context")), ("current-context", .string(config.currentContext)),
        ])
    }

    private static func convert(_ value: JSONValue) -> GoJSON {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .string(String(number))
        case .string(let text): .string(text)
        case .array(let elements): .array(elements.map(convert))
        case .object(let members): .object(members.keys.sorted().map { ($0, convert(members[$0]!)) })
        }
    }
}
