import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim create KIND NAME [flags]`: kubectl's generators, each building the object kubectl builds and creating
/// it with kubectl's field manager (`kubectl-create`).
struct Create: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a resource from a file or from stdin.",
        subcommands: [
            CreateNamespace.self, CreateDeployment.self, CreateConfigMap.self, CreateSecret.self, CreateService.self,
            CreateServiceAccount.self, CreateJob.self, CreateCronJob.self, CreatePriorityClass.self, CreateQuota.self,
            CreateRole.self, CreateClusterRole.self, CreateRoleBinding.self, CreateClusterRoleBinding.self, CreatePodDisruptionBudget.self, CreateIngress.self,
            CreateToken.self,
        ])
}

/// The flags every generator takes, and the create itself.
struct CreateOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.")
    var namespace: String?

    @Option(name: .customLong("dry-run"), help: "none, client or server.")
    var dryRun: DryRun = .none

    @Option(name: [.customShort("o"), .customLong("output")], help: "name, yaml or json.")
    var output: String?

    @Option(name: .customLong("field-manager"), help: "The field manager's name.")
    var fieldManager: String = "kubectl-create"

    /// Creates `object` (of the kind `resource` names) and prints it as kubectl does: `deployment.apps/web created`.
    func create(_ object: JSONValue, resource: String) async throws {
        try await create(resource: resource) { _ in object }
    }

    /// Creates the object `build` makes from the cluster (`expose` reads the object it exposes), printing `verb`.
    func create(resource: String, verb: String = "created", _ build: (any KubeClient) async throws -> JSONValue) async throws {
        let console = Console.standard
        try await serverOptions.withCluster(store: store, settling: dryRun == .none) { client, _ in
            guard let type = client.catalog.type(named: resource) else {
                throw CommandError("the server doesn't have a resource type \(FieldError.quoted(resource))")
            }
            var object = try await build(client)
            let scope = type.namespaced ? namespace ?? "default" : nil
            if let namespace, type.namespaced, dryRun == .client { object[["metadata", "namespace"]] = .string(namespace) }
            let created: KubeObject
            if dryRun == .client {
                created = KubeObject(object)
            } else {
                created = try await client.create(
                    type, namespace: scope, object: object,
                    options: WriteOptions(dryRun: dryRun == .server, fieldManager: fieldManager, fieldValidation: .strict))
            }
            switch output {
            case nil: console.out.line("\(type.kubectlName)/\(created.name) \(verb)\(dryRun.suffix)")
            case "name": console.out.line("\(type.kubectlName)/\(created.name)")
            case "yaml": console.out.write(created.json.yamlString())
            case "json": console.out.line(created.json.prettyJSONString())
            case let format?:
                throw CommandError("unable to match a printer suitable for the output format \(FieldError.quoted(format)), allowed formats are: json,name,yaml")
            }
            console.out.flush()
        }
    }
}

/// kubectl's generated metadata: a name, `creationTimestamp: null`, and labels when there are any.
func generatedMetadata(_ name: String, labels: [String: String] = [:]) -> JSONValue {
    var metadata: JSONValue = ["name": .string(name), "creationTimestamp": .null]
    if !labels.isEmpty { metadata["labels"] = .object(labels.mapValues { .string($0) }) }
    return metadata
}

struct CreateNamespace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "namespace", abstract: "Create a namespace with the specified name.", aliases: ["ns"])
    @OptionGroup var options: CreateOptions
    @Argument var name: String

    func run() async throws {
        try await options.create(
            ["apiVersion": "v1", "kind": "Namespace", "metadata": generatedMetadata(name), "spec": .emptyObject, "status": .emptyObject],
            resource: "namespaces")
    }
}

struct CreateServiceAccount: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serviceaccount", abstract: "Create a service account with the specified name.", aliases: ["sa"])
    @OptionGroup var options: CreateOptions
    @Argument var name: String

    func run() async throws {
        try await options.create(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": generatedMetadata(name)], resource: "serviceaccounts")
    }
}

struct CreateDeployment: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deployment", abstract: "Create a deployment with the specified name.", aliases: ["deploy"])
    @OptionGroup var options: CreateOptions
    @Argument var name: String
    @Option(help: "Image names to run.") var image: [String] = []
    @Option(help: "Number of replicas.") var replicas: Int64 = 1
    @Option(help: "The containerPort this deployment exposes.") var port: Int64 = -1

    func validate() throws {
        if image.isEmpty { throw ValidationError("required flag(s) \"image\" not set") }
    }

    func run() async throws {
        let labels = ["app": name]
        var containers: [JSONValue] = []
        for (index, image) in image.enumerated() {
            var container: JSONValue = ["name": .string(Self.containerName(image)), "image": .string(image), "resources": .emptyObject]
            if port >= 0 && index == 0 { container["ports"] = [["containerPort": .int(port)]] }
            containers.append(container)
        }
        let deployment: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": generatedMetadata(name, labels: labels),
            "spec": [
                "replicas": .int(replicas), "selector": ["matchLabels": ["app": .string(name)]], "strategy": .emptyObject,
                "template": [
                    "metadata": ["creationTimestamp": .null, "labels": ["app": .string(name)]],
                    "spec": ["containers": .array(containers)],
                ],
            ],
            "status": .emptyObject,
        ]
        do {
            try await options.create(deployment, resource: "deployments")
        } catch let error as StatusError {
            throw CommandError("failed to create deployment: \(error.message)")
        }
    }

    /// kubectl's container name for an image: its last path segment without tag or digest, with characters a
    /// DNS label cannot hold made `-`.
    static func containerName(_ image: String) -> String {
        var base = String(image.split(separator: "/").last ?? Substring(image))
        if let at = base.firstIndex(of: "@") { base = String(base[..<at]) }
        if let colon = base.firstIndex(of: ":") { base = String(base[..<colon]) }
        return String(base.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" })
    }
}
