import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim set resources TYPE NAME [-c CONTAINER] --limits=cpu=200m,memory=512Mi --requests=...`: sets the
/// resource requirements of the pod template's containers (init containers too) that match `-c` (a glob, `*`
/// by default), saying `... resource requirements updated` when something changed, as kubectl does.
struct SetResources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resources", abstract: "Update resource requests/limits on objects with pod templates.")
    @OptionGroup var targets: TargetOptions
    @Option(name: [.customShort("c"), .customLong("containers")], help: "The names of containers to change (a glob).")
    var containers = "*"
    @Option(help: "The resource requirement limits for this container, e.g. cpu=200m,memory=512Mi.") var limits = ""
    @Option(help: "The resource requirement requests for this container, e.g. cpu=100m,memory=256Mi.") var requests = ""
    @Argument var arguments: [String] = []

    func run() async throws {
        guard !limits.isEmpty || !requests.isEmpty else {
            throw CommandError("you must specify an update to requests or limits (in the form of --requests/--limits)")
        }
        let wanted = ["limits": try Self.resourceList(limits), "requests": try Self.resourceList(requests)]
        var missing = false
        try await targets.forEach(arguments) { client, type, object in
            let path = type.kind == "Pod" ? ["spec"] : type.kind == "CronJob" ? ["spec", "jobTemplate", "spec", "template", "spec"] : ["spec", "template", "spec"]
            var spec = object.json[path] ?? .emptyObject
            var matched = false
            for key in ["containers", "initContainers"] {
                guard var list = spec[key]?.arrayValue else { continue }
                for index in list.indices where Self.matches(containers, list[index]["name"]?.stringValue ?? "") {
                    matched = true
                    for (kind, values) in wanted where !values.isEmpty {
                        var current = list[index][["resources", kind]]?.objectValue ?? [:]
                        current.merge(values) { $1 }
                        list[index][["resources", kind]] = .object(current)
                    }
                }
                spec[key] = .array(list)
            }
            guard matched else {
                missing = true
                Console.standard.err.line("error: unable to find container named \(containers)")
                return
            }
            guard spec != object.json[path] else { return }
            var patch: JSONValue = .emptyObject
            var nested: JSONValue = .emptyObject
            for key in ["initContainers", "containers"] where spec[key] != nil { nested[key] = spec[key]! }
            patch[path] = nested
            do {
                _ = try await targets.mergePatch(patch, object, type: type, client: client, manager: "kubectl-set")
            } catch let error as StatusError {
                throw CommandError("failed to patch resources update to pod template \(error.message)")
            }
            Console.standard.out.line("\(type.kubectlName)/\(object.name) resource requirements updated")
        }
        if missing { throw ExitCode(1) }
    }

    /// `cpu=200m,memory=512Mi` as a resource list; each quantity checked as the API server will check it.
    static func resourceList(_ text: String) throws -> [String: JSONValue] {
        var list: [String: JSONValue] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw CommandError("Invalid argument syntax \(pair), expected <resource>=<value>")
            }
            // Sent in canonical form, as kubectl sends the `resource.Quantity` it parsed.
            guard let quantity = Quantity(parts[1]) else {
                throw CommandError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
            }
            list[parts[0]] = .string(quantity.canonical)
        }
        return list
    }

    /// `filepath.Match` for the container globs kubectl takes: `*` any run, `?` one character, else literal.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        let pattern = Array(pattern), name = Array(name)
        func match(_ p: Int, _ n: Int) -> Bool {
            if p == pattern.count { return n == name.count }
            switch pattern[p] {
            case "*": return (n...name.count).contains { match(p + 1, $0) }
            case "?": return n < name.count && match(p + 1, n + 1)
            default: return n < name.count && pattern[p] == name[n] && match(p + 1, n + 1)
            }
        }
        return match(0, 0)
    }
}
