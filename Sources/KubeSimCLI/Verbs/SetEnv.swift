import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim set env TYPE/NAME KEY=VALUE... KEY-... [-e KEY=VALUE] [-c CONTAINER] [--list] [--overwrite=false]`:
/// kubectl's environment editor for pod templates (and pods): new variables are appended, existing ones replaced in
/// place, `KEY-` removes; `--from=configmap/NAME|secret/NAME` adds a reference to each of its keys (`--keys`,
/// `--prefix`); `--list` prints each matching container's environment, `--resolve` with the values of config map and
/// secret references (other references stay as their description).
struct SetEnv: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env", abstract: "Update environment variables on a pod template.")
    @OptionGroup var targets: TargetOptions
    @Option(name: [.customShort("e"), .customLong("env")], help: "A key-value pair for an environment variable (repeatable).")
    var env: [String] = []
    @Option(name: [.customShort("c"), .customLong("containers")], help: "The names of containers to change (a glob).")
    var containers = "*"
    @Flag(help: "Display the environment and any changes in the standard format.") var list = false
    @Flag(help: "With --list, show the values of secret and config map references.") var resolve = false
    @Option(help: ArgumentHelp("Allow environment to be overwritten (default true).", valueName: "true|false")) var overwrite = true
    @Option(help: "The name of a resource from which to inject environment variables (configmap/NAME or secret/NAME).")
    var from: String?
    @Option(help: "Prefix to append to variable names.") var prefix = ""
    @Option(parsing: .singleValue, help: "Comma-separated list of keys to import from the --from resource.")
    var keys: [String] = []
    @Argument var arguments: [String] = []

    /// One variable: a value, or a reference (`valueFrom`) kept as it is.
    typealias Variable = JSONValue

    func run() async throws {
        var resources: [String] = [], changes: [String] = []
        for argument in arguments {
            let isChange = argument.dropFirst().contains("=") || argument.hasSuffix("-")
            if isChange {
                changes.append(argument)
            } else if !changes.isEmpty {
                throw CommandError("all resources must be specified before environment changes: \(arguments.joined(separator: " "))")
            } else {
                resources.append(argument)
            }
        }
        guard !resources.isEmpty else {
            throw CommandError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
        }
        var (add, remove) = try Self.parse(env + changes)
        let console = Console.standard
        var failures: [String] = []
        var fromRead = from == nil
        try await targets.forEach(resources, settling: !list) { client, type, object in
            if !fromRead, let from {
                add = try await variables(from: from, client: client, namespace: object.namespace, console: console) + add
                fromRead = true
            }
            var edit = PodSpecEdit(object, kind: type.kind)
            var listed: [(container: String, variables: [Variable])] = []
            let matched = try edit.editContainers(where: { PodSpecEdit.matches(containers, $0) }) { container in
                let existing = container["env"]?.arrayValue ?? []
                if !overwrite {
                    for variable in add {
                        let name = variable["name"]?.stringValue ?? ""
                        if let current = existing.first(where: { $0["name"]?.stringValue == name }),
                            current["value"]?.stringValue ?? "" != variable["value"]?.stringValue ?? ""
                        {
                            throw CommandError(
                                "\(type.plural)/\(object.name) '\(name)' already has a value (\(current["value"]?.stringValue ?? "")), and --overwrite is false")
                        }
                    }
                }
                let updated = Self.update(existing, add: add, remove: remove)
                container["env"] = updated.isEmpty ? nil : .array(updated)
                if self.list { listed.append((container["name"]?.stringValue ?? "", updated)) }
            }
            for (container, variables) in listed {
                console.out.line("# \(type.kind) \(object.name), container \(container)")
                for variable in variables {
                    console.out.line(try await listLine(variable, client: client, namespace: object.namespace))
                }
            }
            if !matched {
                console.err.line("Warning: \(type.kind)/\(object.name) does not have any containers matching \(GoStringLiteral.quote(containers))")
                return
            }
            guard !self.list, edit.changed else { return }
            do {
                _ = try await targets.mergePatch(edit.patch, object, type: type, client: client, manager: "kubectl-set")
            } catch let error as StatusError {
                failures.append("failed to patch env update to pod template: \(error.message)")
                return
            }
            console.out.line("\(type.kubectlName)/\(object.name) env updated")
        }
        if !failures.isEmpty { throw CommandError(failures.count == 1 ? failures[0] : "[" + failures.joined(separator: ", ") + "]") }
    }

    /// The variables `--from` brings: one reference per key of the config map's or secret's data (those `--keys`
    /// names), named as kubectl names them, `--prefix` then the key in upper case with other characters than
    /// letters, digits and `_` as `_` (kubectl warns of each key it renames). In key order, where kubectl's order
    /// follows Go's map iteration and so varies from run to run.
    private func variables(from: String, client: any KubeClient, namespace: String?, console: Console) async throws -> [Variable] {
        let parts = from.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, let type = client.catalog.type(named: parts[0]), type == BuiltinResources.configMaps || type == BuiltinResources.secrets
        else { throw CommandError("unsupported resource specified in --from") }
        let source = try await client.get(type, namespace: namespace, name: parts[1])
        let wanted = Set(keys.flatMap { $0.split(separator: ",").map(String.init) })
        let data = source.json["data"]?.objectValue ?? [:]
        var variables: [Variable] = []
        for key in data.keys.sorted() where wanted.isEmpty || wanted.contains(key) {
            let name = String(key.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") ? $0 : "_" })
            if name != key { console.err.line("Warning: key \(key) transferred to \(name)") }
            let selector: JSONValue = ["name": .string(source.name), "key": .string(key)]
            variables.append([
                "name": .string(prefix + name),
                "valueFrom": type == BuiltinResources.secrets ? ["secretKeyRef": selector] : ["configMapKeyRef": selector],
            ])
        }
        return variables
    }

    /// kubectl's `updateEnv`: removed names dropped, existing ones replaced in place, new ones appended in order.
    static func update(_ existing: [Variable], add: [Variable], remove: [String]) -> [Variable] {
        var covered = Set(remove)
        var out: [Variable] = []
        for variable in existing {
            let name = variable["name"]?.stringValue ?? ""
            if covered.contains(name) { continue }
            if let newer = add.first(where: { $0["name"]?.stringValue == name }) {
                covered.insert(name)
                out.append(newer)
            } else {
                out.append(variable)
            }
        }
        for variable in add where covered.insert(variable["name"]?.stringValue ?? "").inserted { out.append(variable) }
        return out
    }

    /// `KEY=VALUE` and `KEY-`, checked as kubectl's `ParseEnv` checks them.
    static func parse(_ specs: [String]) throws -> (add: [Variable], remove: [String]) {
        var add: [Variable] = [], remove: [String] = [], names = Set<String>()
        for spec in specs {
            if let equals = spec.firstIndex(of: "=") {
                let name = String(spec[..<equals]), value = String(spec[spec.index(after: equals)...])
                if name.wholeMatch(of: /[-._a-zA-Z][-._a-zA-Z0-9]*/) == nil {
                    throw CommandError(
                        "\(GoStringLiteral.quote(name)) is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')")
                }
                names.insert(name)
                add.append(["name": .string(name), "value": .string(value)])
            } else if spec.hasSuffix("-") {
                remove.append(String(spec.dropLast()))
            } else {
                throw CommandError("unknown environment variable: \(spec)")
            }
        }
        if remove.contains(where: names.contains) {
            throw CommandError("can not both modify and remove the same environment variable in the same command")
        }
        return (add, remove)
    }

    /// A variable as `--list` prints it: `NAME=value`, or for a reference `# NAME from configmap cfg, key k`, or
    /// with `--resolve` the config map's or secret's value as `NAME=value`.
    private func listLine(_ variable: Variable, client: any KubeClient, namespace: String?) async throws -> String {
        let name = variable["name"]?.stringValue ?? ""
        guard let source = variable["valueFrom"], source != .null else { return "\(name)=\(variable["value"]?.stringValue ?? "")" }
        guard resolve else { return "# \(name) from \(Self.reference(source))" }
        for (field, type) in [("configMapKeyRef", BuiltinResources.configMaps), ("secretKeyRef", BuiltinResources.secrets)] {
            guard let ref = source[field], ref != .null, let key = ref["key"]?.stringValue else { continue }
            let holder = try await client.get(type, namespace: namespace, name: ref["name"]?.stringValue ?? "")
            let stored = holder.json["data"]?[key]?.stringValue ?? ""
            let value = type == BuiltinResources.secrets ? Data(base64Encoded: stored).map { String(decoding: $0, as: UTF8.self) } ?? stored : stored
            return "\(name)=\(value)"
        }
        return "# \(name) from \(Self.reference(source))"
    }

    /// envutil's `GetEnvVarRefString`.
    static func reference(_ source: JSONValue) -> String {
        if let ref = source["configMapKeyRef"], ref != .null {
            return "configmap \(ref["name"]?.stringValue ?? ""), key \(ref["key"]?.stringValue ?? "")"
        }
        if let ref = source["secretKeyRef"], ref != .null {
            return "secret \(ref["name"]?.stringValue ?? ""), key \(ref["key"]?.stringValue ?? "")"
        }
        if let ref = source["fieldRef"], ref != .null { return "field path \(ref["fieldPath"]?.stringValue ?? "")" }
        if let ref = source["resourceFieldRef"], ref != .null {
            let container = ref["containerName"]?.stringValue ?? ""
            return "resource field \(container.isEmpty ? "" : container + "/")\(ref["resource"]?.stringValue ?? "")"
        }
        return "invalid valueFrom"
    }
}
