import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim taint node NAME... KEY[=VALUE]:EFFECT | KEY[:EFFECT]-`: adds, replaces (`--overwrite`) and removes
/// node taints as kubectl does, saying `node/NAME tainted`, `untainted` or `modified`.
struct Taint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "taint", abstract: "Update the taints on one or more nodes.")
    @OptionGroup var targets: TargetOptions
    @Flag(help: "Allow taints to be overwritten, otherwise taint changes that conflict with existing taints are rejected.")
    var overwrite = false
    @Flag(help: "Select all nodes in the cluster.") var all = false
    @Option(name: [.customShort("l"), .customLong("selector")], help: "Selector (label query) to filter on.") var selector: String?
    @Argument var arguments: [String] = []

    /// One taint: a key, an optional value and an effect (empty in a removal that names only the key).
    struct Spec: Equatable {
        var key: String
        var value = ""
        var effect = ""

        /// corev1 `Taint.ToString`: `key[=value][:effect]`.
        var text: String { key + (value.isEmpty ? "" : "=\(value)") + (effect.isEmpty ? "" : ":\(effect)") }
        var json: JSONValue {
            var json: JSONValue = ["key": .string(key), "effect": .string(effect)]
            if !value.isEmpty { json["value"] = .string(value) }
            return json
        }
        func matches(_ other: Spec) -> Bool { key == other.key && effect == other.effect }
    }

    func run() async throws {
        var resources: [String] = [], changes: [String] = []
        for argument in arguments {
            let isTaint = argument.contains("=") || argument.contains(":") || argument.hasSuffix("-")
            if isTaint {
                changes.append(argument)
            } else if !changes.isEmpty {
                throw CommandError("all resources must be specified before taint changes: \(argument)")
            } else {
                resources.append(argument)
            }
        }
        guard !resources.isEmpty else { throw CommandError("one or more resources must be specified as <resource> <name>") }
        guard !changes.isEmpty else { throw CommandError("at least one taint update is required") }
        let parsed: (add: [Spec], remove: [Spec])
        do { parsed = try Self.parse(changes) } catch let error as CommandError {
            throw CommandError("\(error.message)\nSee 'kubectl taint -h' for help and examples")
        }
        let (add, remove) = parsed
        var names = Array(resources.dropFirst())
        var typeName = resources[0].lowercased()
        if let slash = typeName.firstIndex(of: "/") {
            names.insert(String(typeName[typeName.index(after: slash)...]), at: 0)
            typeName = String(typeName[..<slash])
        }
        let conflicts = remove.filter { removal in add.contains { $0.key == removal.key && (removal.effect.isEmpty || $0.effect == removal.effect) } }
        try await targets.serverOptions.withCluster(store: targets.store, settling: true) { client, catchUp in
            guard let type = client.catalog.type(named: typeName) else {
                throw CommandError("the server doesn't have a resource type \(GoStringLiteral.quote(typeName))")
            }
            guard type.kind == "Node" else { throw CommandError("invalid resource type \(typeName), only node types are supported") }
            guard conflicts.isEmpty else {
                throw CommandError(
                    "can not both modify and remove the following taint(s) in the same command: "
                        + conflicts.map { "\($0.key)=\($0.effect)" }.joined(separator: ", "))
            }
            if all && selector != nil { throw CommandError("setting 'all' parameter with a non empty selector is prohibited") }
            if !all && selector == nil && names.isEmpty {
                throw CommandError("at least one resource name must be specified since 'all' parameter is not set")
            }
            var nodes: [KubeObject] = []
            if all || selector != nil {
                let labels = try selector.map { try LabelSelector(parsing: $0) } ?? .everything
                nodes = try await client.list(type, namespace: nil, labelSelector: labels, fieldSelector: .everything, limit: 0, continueToken: nil).items
            } else {
                for name in names { nodes.append(try await client.get(type, namespace: nil, name: name)) }
            }
            let console = Console.standard
            for node in nodes {
                let (operation, taints) = try Self.apply(add: add, remove: remove, to: node, overwrite: overwrite)
                let patch: JSONValue = ["spec": ["taints": taints.isEmpty ? .null : .array(taints.map(\.json))]]
                _ = try await client.patch(
                    type, namespace: nil, name: node.name, patchType: .merge, body: patch.jsonData(),
                    options: WriteOptions(fieldManager: "kubectl-taint"))
                console.out.line("node/\(node.name) \(operation)")
                console.out.flush()
                try await catchUp()
            }
        }
    }

    /// The node's taints after the change, and kubectl's word for it.
    static func apply(add: [Spec], remove: [Spec], to node: KubeObject, overwrite: Bool) throws -> (String, [Spec]) {
        let old = (node.json[["spec", "taints"]]?.arrayValue ?? []).map {
            Spec(key: $0["key"]?.stringValue ?? "", value: $0["value"]?.stringValue ?? "", effect: $0["effect"]?.stringValue ?? "")
        }
        if !overwrite {
            let existing = add.filter { taint in old.contains { $0.key == taint.key && $0.effect == taint.effect } }.map(\.key)
            if !existing.isEmpty {
                throw CommandError(
                    "node \(node.name) already has \(existing.joined(separator: ",")) taint(s) with same effect(s) and --overwrite is false")
            }
        }
        var taints = add
        for taint in old where !taints.contains(where: { $0.matches(taint) }) { taints.append(taint) }
        let added = old.count != taints.count
        var removed = false
        var notFound: [String] = []
        for removal in remove {
            let before = taints.count
            taints.removeAll { removal.effect.isEmpty ? $0.key == removal.key : $0.matches(removal) }
            removed = taints.count != before
            if !removed { notFound.append("taint \(GoStringLiteral.quote(removal.text)) not found") }
        }
        if !notFound.isEmpty {
            throw CommandError(notFound.count == 1 ? notFound[0] : "[" + notFound.joined(separator: ", ") + "]")
        }
        if (added && removed) || overwrite { return ("modified", taints) }
        return (added ? "tainted" : "untainted", taints)
    }

    /// The taints to add and to remove (`KEY[:EFFECT]-`), checked as kubectl checks them.
    static func parse(_ changes: [String]) throws -> (add: [Spec], remove: [Spec]) {
        var add: [Spec] = [], remove: [Spec] = []
        for change in changes {
            if change.hasSuffix("-") {
                let taint = try parseOne(String(change.dropLast()))
                remove.append(Spec(key: taint.key, effect: taint.effect))
                continue
            }
            let taint = try parseOne(change)
            guard !taint.effect.isEmpty else { throw CommandError("invalid taint spec: \(change)") }
            if add.contains(where: { $0.matches(taint) }) {
                throw CommandError("duplicated taints with the same key and effect: {\(taint.key) \(taint.value) \(taint.effect) <nil>}")
            }
            add.append(taint)
        }
        return (add, remove)
    }

    private static func parseOne(_ text: String) throws -> Spec {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var taint = Spec(key: parts[0])
        switch parts.count {
        case 1: break
        case 2:
            taint.effect = parts[1]
            guard ["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(taint.effect) else {
                throw CommandError("invalid taint effect: \(taint.effect), unsupported taint effect")
            }
            let keyValue = parts[0].split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            guard keyValue.count <= 2 else { throw CommandError("invalid taint spec: \(text)") }
            taint.key = keyValue[0]
            if keyValue.count == 2 {
                taint.value = keyValue[1]
                let errors = LabelRules.isValidLabelValue(taint.value)
                if !errors.isEmpty { throw CommandError("invalid taint spec: \(text), \(errors.joined(separator: "; "))") }
            }
        default:
            throw CommandError("invalid taint spec: \(text)")
        }
        let errors = LabelRules.isQualifiedName(taint.key)
        if !errors.isEmpty { throw CommandError("invalid taint spec: \(text), \(errors.joined(separator: "; "))") }
        return taint
    }
}
