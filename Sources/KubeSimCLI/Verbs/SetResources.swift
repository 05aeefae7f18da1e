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
            var edit = PodSpecEdit(object, kind: type.kind)
            let matched = edit.editContainers(where: { PodSpecEdit.matches(containers, $0) }) { container in
                for (kind, values) in wanted where !values.isEmpty {
                    var current = container[["resources", kind]]?.objectValue ?? [:]
                    current.merge(values) { $1 }
                    container[["resources", kind]] = .object(current)
                }
            }
            guard matched else {
                missing = true
                Console.standard.err.line("error: unable to find container named \(containers)")
                return
            }
            guard edit.changed else { return }
            do {
                _ = try await targets.mergePatch(edit.patch, object, type: type, client: client, manager: "kubectl-set")
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
}
