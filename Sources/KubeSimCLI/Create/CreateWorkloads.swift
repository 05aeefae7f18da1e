import ArgumentParser
import Foundation
import KubeAPI

struct CreateService: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service", abstract: "Create a service using a specified subcommand.",
        subcommands: [ClusterIP.self, NodePort.self, LoadBalancer.self, ExternalName.self], aliases: ["svc"])

    /// kubectl's service generator: `app: NAME` as label and selector, a port named `port-target` per `--tcp`.
    static func service(_ name: String, type: String, tcp: [String], clusterIP: String? = nil, nodePort: Int64 = 0, externalName: String? = nil) throws -> JSONValue {
        var ports: [JSONValue] = []
        for mapping in tcp {
            let parts = mapping.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard let port = Int64(parts[0]), parts.count <= 2 else { throw CommandError("invalid port mapping \(mapping)") }
            let target = parts.count == 2 ? parts[1] : parts[0]
            var entry: JSONValue = [
                "name": .string(parts.count == 2 ? "\(parts[0])-\(target)" : parts[0]), "port": .int(port), "protocol": "TCP",
                "targetPort": Int64(target).map { .int($0) } ?? .string(target),
            ]
            if nodePort > 0 { entry["nodePort"] = .int(nodePort) }
            ports.append(entry)
        }
        var spec: JSONValue = ["selector": ["app": .string(name)], "type": .string(type)]
        if !ports.isEmpty { spec["ports"] = .array(ports) }
        if let clusterIP, !clusterIP.isEmpty { spec["clusterIP"] = .string(clusterIP) }
        if let externalName { spec["externalName"] = .string(externalName) }
        return [
            "apiVersion": "v1", "kind": "Service", "metadata": generatedMetadata(name, labels: ["app": name]), "spec": spec,
            "status": ["loadBalancer": .emptyObject],
        ]
    }

    struct ClusterIP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "clusterip", abstract: "Create a ClusterIP service.")
        @OptionGroup var options: CreateOptions
        @Option(help: "Port pairs port:targetPort.") var tcp: [String] = []
        @Option(name: .customLong("clusterip"), help: "Assign your own ClusterIP or set to 'None' for a headless service.") var clusterIP: String?
        @Argument var name: String
        func run() async throws {
            try await options.create(try CreateService.service(name, type: "ClusterIP", tcp: tcp, clusterIP: clusterIP), resource: "services")
        }
    }

    struct NodePort: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "nodeport", abstract: "Create a NodePort service.")
        @OptionGroup var options: CreateOptions
        @Option(help: "Port pairs port:targetPort.") var tcp: [String] = []
        @Option(name: .customLong("node-port"), help: "Port used to expose the service on each node.") var nodePort: Int64 = 0
        @Argument var name: String
        func run() async throws {
            try await options.create(try CreateService.service(name, type: "NodePort", tcp: tcp, nodePort: nodePort), resource: "services")
        }
    }

    struct LoadBalancer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "loadbalancer", abstract: "Create a LoadBalancer service.")
        @OptionGroup var options: CreateOptions
        @Option(help: "Port pairs port:targetPort.") var tcp: [String] = []
        @Argument var name: String
        func run() async throws {
            try await options.create(try CreateService.service(name, type: "LoadBalancer", tcp: tcp), resource: "services")
        }
    }

    struct ExternalName: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "externalname", abstract: "Create an ExternalName service.")
        @OptionGroup var options: CreateOptions
        @Option(name: .customLong("external-name"), help: "External name of the service.") var externalName: String
        @Option(help: "Port pairs port:targetPort.") var tcp: [String] = []
        @Argument var name: String
        func run() async throws {
            try await options.create(try CreateService.service(name, type: "ExternalName", tcp: tcp, externalName: externalName), resource: "services")
        }
    }
}

/// A pod template with one container named after the object, running `command` (what follows `--`).
private func podTemplate(name: String, image: String, command: [String], restartPolicy: String) -> JSONValue {
    var container: JSONValue = ["name": .string(name), "image": .string(image), "resources": .emptyObject]
    if !command.isEmpty { container["command"] = .array(command.map { .string($0) }) }
    return [
        "metadata": ["creationTimestamp": .null],
        "spec": ["containers": [container], "restartPolicy": .string(restartPolicy)],
    ]
}

struct CreateJob: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "job", abstract: "Create a job with the specified name.")
    @OptionGroup var options: CreateOptions
    @Option(help: "Image name to run.") var image: String
    @Argument var name: String
    @Argument(parsing: .postTerminator) var command: [String] = []

    func run() async throws {
        let job: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job", "metadata": generatedMetadata(name),
            "spec": ["template": podTemplate(name: name, image: image, command: command, restartPolicy: "Never")],
            "status": .emptyObject,
        ]
        try await options.create(job, resource: "jobs")
    }
}

struct CreateCronJob: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cronjob", abstract: "Create a cron job with the specified name.", aliases: ["cj"])
    @OptionGroup var options: CreateOptions
    @Option(help: "Image name to run.") var image: String
    @Option(help: "A schedule in the Cron format the job should be run with.") var schedule: String
    @Option(help: "job's restart policy. supported values: OnFailure, Never") var restart = "OnFailure"
    @Argument var name: String
    @Argument(parsing: .postTerminator) var command: [String] = []

    func run() async throws {
        let cronJob: JSONValue = [
            "apiVersion": "batch/v1", "kind": "CronJob", "metadata": generatedMetadata(name),
            "spec": [
                "schedule": .string(schedule),
                "jobTemplate": [
                    "metadata": generatedMetadata(name),
                    "spec": ["template": podTemplate(name: name, image: image, command: command, restartPolicy: restart)],
                ],
            ],
            "status": .emptyObject,
        ]
        try await options.create(cronJob, resource: "cronjobs")
    }
}

struct CreatePriorityClass: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "priorityclass", abstract: "Create a priority class with the specified name.", aliases: ["pc"])
    @OptionGroup var options: CreateOptions
    @Option(help: "The value of this priority class.") var value: Int64 = 0
    @Flag(name: .customLong("global-default"), help: "Whether this priority class is the default.") var globalDefault = false
    @Option(help: "A description of this priority class.") var description = ""
    @Option(name: .customLong("preemption-policy"), help: "Never or PreemptLowerPriority.") var preemptionPolicy = "PreemptLowerPriority"
    @Argument var name: String

    func run() async throws {
        var priorityClass: JSONValue = [
            "apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": generatedMetadata(name),
            "value": .int(value), "preemptionPolicy": .string(preemptionPolicy),
        ]
        if globalDefault { priorityClass["globalDefault"] = true }
        if !description.isEmpty { priorityClass["description"] = .string(description) }
        try await options.create(priorityClass, resource: "priorityclasses")
    }
}

struct CreateQuota: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quota", abstract: "Create a quota with the specified name.", aliases: ["resourcequota"])
    @OptionGroup var options: CreateOptions
    @Option(help: "resource=quantity pairs, comma-separated.") var hard = ""
    @Option(help: "Quota scopes, comma-separated.") var scopes = ""
    @Argument var name: String

    func run() async throws {
        var limits: [String: JSONValue] = [:]
        for pair in hard.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw CommandError("invalid resource quota: \(pair)") }
            limits[parts[0]] = .string(parts[1])
        }
        var spec: JSONValue = .emptyObject
        if !limits.isEmpty { spec["hard"] = .object(limits) }
        let scopeList = scopes.split(separator: ",").map { JSONValue.string(String($0)) }
        if !scopeList.isEmpty { spec["scopes"] = .array(scopeList) }
        try await options.create(
            ["apiVersion": "v1", "kind": "ResourceQuota", "metadata": generatedMetadata(name), "spec": spec, "status": .emptyObject],
            resource: "resourcequotas")
    }
}
