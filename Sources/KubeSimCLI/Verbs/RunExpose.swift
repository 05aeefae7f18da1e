import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim run NAME --image=IMAGE [-- ARGS]`: kubectl's pod generator.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run a particular image on the cluster.")
    @OptionGroup var options: CreateOptions
    @Option(help: "The image for the container to run.") var image: String
    @Option(help: "The port that this container exposes.") var port: Int64?
    @Option(name: [.customShort("l"), .customLong("labels")], help: "Comma separated labels (default run=NAME).") var labels: String?
    @Option(help: "Environment variables to set in the container.") var env: [String] = []
    @Option(help: "The restart policy: Always, OnFailure or Never.") var restart = "Always"
    @Flag(help: "Use the extra arguments as the command instead of the arguments.") var command = false
    @Argument var name: String
    @Argument(parsing: .postTerminator) var arguments: [String] = []

    func run() async throws {
        var labelMap = ["run": name]
        if let labels {
            labelMap = [:]
            for pair in labels.split(separator: ",") {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw CommandError("invalid label spec: \(pair)") }
                labelMap[parts[0]] = parts[1]
            }
        }
        var container: JSONValue = ["name": .string(name), "image": .string(image), "resources": .emptyObject]
        if !arguments.isEmpty { container[command ? "command" : "args"] = .array(arguments.map { .string($0) }) }
        if let port { container["ports"] = [["containerPort": .int(port)]] }
        if !env.isEmpty {
            container["env"] = .array(env.map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                return ["name": .string(parts[0]), "value": .string(parts.count > 1 ? parts[1] : "")]
            })
        }
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": generatedMetadata(name, labels: labelMap),
            "spec": ["containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": .string(restart)],
            "status": .emptyObject,
        ]
        try await options.create(pod, resource: "pods")
    }
}

/// `kubesim expose TYPE NAME`: a service selecting what a deployment, replica set, service or pod selects, on
/// the ports it declares unless `--port` says.
struct Expose: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expose",
        abstract: "Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service.")
    @OptionGroup var options: CreateOptions
    @Option(help: "The port that the service should serve on.") var port: String?
    @Option(name: .customLong("target-port"), help: "The port the service directs traffic to.") var targetPort: String?
    @Option(help: "The network protocol for the service.") var `protocol` = "TCP"
    @Option(help: "The name for the new service.") var name: String?
    @Option(help: "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName.") var type: String?
    @Argument var arguments: [String] = []

    func run() async throws {
        var serviceName = ""
        try await options.create(resource: "services", verb: "exposed") { client in
            let resources = try ResourceArguments(arguments, catalog: client.catalog)
            guard let selection = resources.selections.first, let target = selection.names.first else {
                throw CommandError("You must provide the resource to expose")
            }
            let object = try await client.get(
                selection.type, namespace: selection.type.namespaced ? options.namespace ?? "default" : nil, name: target)
            let selector: [String: String]
            switch selection.type.kind {
            case "Pod": selector = object.labels
            case "Service": selector = object.json[["spec", "selector"]]?.stringMap ?? [:]
            case "ReplicationController": selector = object.json[["spec", "selector"]]?.stringMap ?? [:]
            default:
                guard object.json[["spec", "selector", "matchExpressions"]] == nil else {
                    throw CommandError("couldn't retrieve selectors via --selector flag or introspection: the \(selection.type.kind) has match expressions")
                }
                selector = object.json[["spec", "selector", "matchLabels"]]?.stringMap ?? [:]
            }
            serviceName = name ?? object.name
            var ports: [JSONValue] = []
            if let port {
                var entry: JSONValue = ["port": Int64(port).map { .int($0) } ?? .string(port), "protocol": .string(`protocol`)]
                let target = targetPort ?? port
                entry["targetPort"] = Int64(target).map { .int($0) } ?? .string(target)
                ports.append(entry)
            } else {
                let podSpec = selection.type.kind == "Pod" ? object.json["spec"] : object.json[["spec", "template", "spec"]]
                let declared = (podSpec?["containers"]?.arrayValue ?? []).flatMap { $0["ports"]?.arrayValue ?? [] }
                guard !declared.isEmpty else {
                    throw CommandError("couldn't find port via --port flag or introspection")
                }
                for (index, containerPort) in declared.enumerated() {
                    let number = containerPort["containerPort"]?.intValue ?? 0
                    var entry: JSONValue = [
                        "port": .int(number), "protocol": .string(containerPort["protocol"]?.stringValue ?? `protocol`),
                        "targetPort": targetPort.map { Int64($0).map { .int($0) } ?? .string($0) } ?? .int(number),
                    ]
                    if declared.count > 1 { entry["name"] = .string("port-\(index + 1)") }
                    ports.append(entry)
                }
            }
            var spec: JSONValue = ["ports": .array(ports), "selector": .object(selector.mapValues { .string($0) })]
            if let type { spec["type"] = .string(type) }
            var metadata = generatedMetadata(serviceName, labels: object.labels)
            if let namespace = object.namespace { metadata["namespace"] = .string(namespace) }
            return ["apiVersion": "v1", "kind": "Service", "metadata": metadata, "spec": spec, "status": ["loadBalancer": .emptyObject]]
        }
    }
}
