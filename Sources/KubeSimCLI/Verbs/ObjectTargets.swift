import ArgumentParser
import Foundation
import KubeAPI

/// The objects a verb acts on (`TYPE NAME...` or `TYPE/NAME...`) and the flags that place them.
struct TargetOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.")
    var namespace: String?

    /// Runs `body` for each named object, with the cluster settling after each write; prints kubectl's message
    /// for objects that are not found and exits 1 after the others had their turn.
    func forEach(
        _ arguments: [String], settling: Bool = true,
        _ body: (any KubeClient, ResourceType, KubeObject) async throws -> Void
    ) async throws {
        let console = Console.standard
        var failed = false
        try await serverOptions.withCluster(store: store, settling: settling) { client, catchUp in
            let resources = try ResourceArguments(arguments, catalog: client.catalog)
            for selection in resources.selections {
                let scope = selection.type.namespaced ? namespace ?? "default" : nil
                for name in selection.names {
                    do {
                        let object = try await client.get(selection.type, namespace: scope, name: name)
                        try await body(client, selection.type, object)
                        console.out.flush()
                        try await catchUp()
                    } catch let error as StatusError {
                        failed = true
                        console.out.flush()
                        console.err.line(KubectlErrors.message(error))
                    }
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Merge-patches `object` with `patch` as `manager`.
    func mergePatch(_ patch: JSONValue, _ object: KubeObject, type: ResourceType, client: any KubeClient, manager: String) async throws -> KubeObject {
        try await client.patch(
            type, namespace: object.namespace, name: object.name, patchType: .merge, body: patch.jsonData(),
            options: WriteOptions(fieldManager: manager)
        ).object
    }
}

/// `kubesim scale`: sets the replicas of deployments, replica sets, stateful sets and replication controllers.
struct Scale: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scale", abstract: "Set a new size for a deployment, replica set, or replication controller.")
    @OptionGroup var targets: TargetOptions
    @Option(help: "The new desired number of replicas.") var replicas: Int64
    @Argument(completion: ResourceCompletion.kind(allowedTypes: ["deployments", "replicasets", "replicationcontrollers", "statefulsets"]))
    var arguments: [String] = []

    func run() async throws {
        try await targets.forEach(arguments) { client, type, object in
            _ = try await targets.mergePatch(["spec": ["replicas": .int(replicas)]], object, type: type, client: client, manager: "kubectl-scale")
            Console.standard.out.line("\(type.kubectlName)/\(object.name) scaled")
        }
    }
}

/// `kubesim cordon` and `uncordon`: marks nodes (un)schedulable.
struct Cordon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cordon", abstract: "Mark node as unschedulable.")
    @OptionGroup var targets: TargetOptions
    @Argument var nodes: [String]

    func run() async throws { try await Self.set(true, nodes: nodes, targets: targets) }

    static func set(_ unschedulable: Bool, nodes: [String], targets: TargetOptions) async throws {
        let verb = unschedulable ? "cordoned" : "uncordoned"
        try await targets.forEach(nodes.map { $0.hasPrefix("node/") || $0.hasPrefix("nodes/") ? $0 : "node/\($0)" }) { client, type, node in
            if (node.json[["spec", "unschedulable"]]?.boolValue ?? false) == unschedulable {
                Console.standard.out.line("node/\(node.name) already \(verb)")
                return
            }
            _ = try await targets.mergePatch(
                ["spec": ["unschedulable": unschedulable ? true : .null]], node, type: type, client: client, manager: "kubectl-cordon")
            Console.standard.out.line("node/\(node.name) \(verb)")
        }
    }
}

struct Uncordon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uncordon", abstract: "Mark node as schedulable.")
    @OptionGroup var targets: TargetOptions
    @Argument var nodes: [String]

    func run() async throws { try await Cordon.set(false, nodes: nodes, targets: targets) }
}

/// `kubesim top`: the simulated cluster runs no metrics-server, so this answers as kubectl does without one.
struct Top: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "top", abstract: "Display resource (CPU/memory) usage.")
    @Argument(parsing: .allUnrecognized) var arguments: [String] = []

    func run() throws { throw CommandError("Metrics API not available") }
}
