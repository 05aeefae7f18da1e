import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim patch TYPE NAME -p PATCH [--type strategic|merge|json]`: sends the patch as kubectl does and says
/// `patched`, or `patched (no change)` when the object did not change.
struct Patch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "patch", abstract: "Update fields of a resource.")
    @OptionGroup var targets: TargetOptions
    @Option(name: [.customShort("p"), .customLong("patch")], help: "The patch to be applied (JSON or YAML).") var patch: String
    @Option(help: "The type of patch: json, merge or strategic.") var type = "strategic"
    @Argument var arguments: [String] = []

    func run() async throws {
        let patchType: PatchType
        switch type {
        case "strategic": patchType = .strategicMerge
        case "merge": patchType = .merge
        case "json": patchType = .json
        default: throw CommandError("--type must be one of [json merge strategic], not \(GoStringLiteral.quote(type))")
        }
        // A YAML patch is sent as JSON, as kubectl converts it; anything else goes as written for the server to judge.
        var body = Data(patch.utf8)
        if (try? JSONValue.parse(json: body)) == nil, let document = try? JSONValue.parseYAMLDocuments(patch).first {
            body = document.jsonData()
        }
        try await targets.forEach(arguments) { client, resourceType, object in
            let (patched, _) = try await client.patch(
                resourceType, namespace: object.namespace, name: object.name, patchType: patchType, body: body,
                options: WriteOptions(fieldManager: "kubectl-patch"))
            let unchanged = patched.resourceVersion == object.resourceVersion
            Console.standard.out.line("\(resourceType.kubectlName)/\(object.name) patched\(unchanged ? " (no change)" : "")")
        }
    }
}

/// `kubesim api-versions`: the group versions the cluster serves, sorted, as kubectl prints them.
struct APIVersions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api-versions", abstract: "Print the supported API versions on the server, in the form of \"group/version\".")
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    func run() async throws {
        try await serverOptions.withCluster(store: store) { client, _ in
            let versions = Set(client.catalog.all.map(\.apiVersion)).sorted()
            Console.standard.out.write(versions.map { $0 + "\n" }.joined())
        }
    }
}
