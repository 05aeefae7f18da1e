import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim describe`: kubectl's describe, with its arguments (`TYPE`, `TYPE NAME_PREFIX`, `TYPE/NAME`), flags
/// and describers (kubectl's `pkg/describe`): the kinds kubectl has a describer for print its layout, every other
/// kind (custom resources too) the generic one, each with the events about the object.
struct Describe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Show details of a specific resource or group of resources.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    @Argument(help: "TYPE [NAME_PREFIX] or TYPE/NAME", completion: ResourceCompletion.kind())
    var arguments: [String] = []

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Describe across all namespaces.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .customLong("selector")], help: "A label selector, e.g. app=web.")
    var selector: String?

    @Option(name: .customLong("show-events"), help: "Whether to show the events about the object (default true).")
    var showEvents: Bool = true

    func run() async throws {
        let console = Console.standard
        var failed = false
        try await serverOptions.withCluster(store: store) { client, _ in
            let resources = try ResourceArguments(arguments, catalog: client.catalog)
            let context = DescribeContext(client: client, now: Get.now(client, store: store), showEvents: showEvents)
            let labels = try selector.map(LabelSelector.init(parsing:)) ?? .everything
            var printed = 0
            func emit(_ text: String) {
                console.out.write(printed == 0 ? text : "\n\n" + text)
                printed += 1
            }
            for selection in resources.selections {
                let scope = selection.type.namespaced ? (allNamespaces ? nil : namespace ?? "default") : nil
                if selection.names.isEmpty {
                    let list = try await client.list(
                        selection.type, namespace: scope, labelSelector: labels, fieldSelector: .everything, limit: 0,
                        continueToken: nil)
                    for object in list.items { emit(try await context.describe(object, type: selection.type)) }
                    if list.items.isEmpty && resources.selections.count == 1 {
                        console.err.line(
                            selection.type.namespaced && !allNamespaces
                                ? "No resources found in \(namespace ?? "default") namespace." : "No resources found")
                    }
                    continue
                }
                for name in selection.names {
                    do {
                        let object = try await client.get(selection.type, namespace: scope, name: name)
                        emit(try await context.describe(object, type: selection.type))
                    } catch let error as StatusError where error.code == 404 {
                        // As kubectl does, a name no object has describes the objects whose names start with it.
                        let list = try await client.list(
                            selection.type, namespace: scope, labelSelector: labels, fieldSelector: .everything,
                            limit: 0, continueToken: nil)
                        let matching = list.items.filter { $0.name.hasPrefix(name) }
                        guard !matching.isEmpty else {
                            failed = true
                            console.out.flush()
                            console.err.line(KubectlErrors.message(error))
                            continue
                        }
                        for object in matching { emit(try await context.describe(object, type: selection.type)) }
                    }
                }
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// What a describer reads besides its object: the cluster, the time ages count to, whether to show events.
struct DescribeContext: Sendable {
    let client: any KubeClient
    let now: Date
    let showEvents: Bool

    /// The describer kubectl uses for the type's group and kind, else the generic one.
    func describe(_ object: KubeObject, type: ResourceType) async throws -> String {
        switch (type.group, type.kind) {
        case ("", "Pod"): return await describePod(object)
        case ("", "Namespace"): return try await describeNamespace(object)
        case ("", "Node"): return try await describeNode(object)
        case ("", "Service"): return await describeService(object)
        case ("", "ConfigMap"): return await describeConfigMap(object)
        case ("", "Secret"): return describeSecret(object)
        case ("", "ServiceAccount"): return await describeServiceAccount(object)
        case ("", "Endpoints"): return await describeEndpoints(object)
        case ("", "PersistentVolume"): return await describePersistentVolume(object)
        case ("", "PersistentVolumeClaim"): return await describePersistentVolumeClaim(object)
        case ("", "ResourceQuota"): return describeResourceQuota(object)
        case ("apps", "Deployment"): return await describeDeployment(object)
        case ("apps", "ReplicaSet"): return await describeReplicaSet(object)
        case ("apps", "DaemonSet"): return await describeDaemonSet(object)
        case ("apps", "StatefulSet"): return await describeStatefulSet(object)
        case ("batch", "Job"): return await describeJob(object)
        case ("batch", "CronJob"): return await describeCronJob(object)
        case ("rbac.authorization.k8s.io", "Role"), ("rbac.authorization.k8s.io", "ClusterRole"):
            return describeRole(object)
        case ("rbac.authorization.k8s.io", "RoleBinding"), ("rbac.authorization.k8s.io", "ClusterRoleBinding"):
            return describeRoleBinding(object)
        case ("networking.k8s.io", "Ingress"): return await describeIngress(object)
        case ("networking.k8s.io", "IngressClass"): return await describeIngressClass(object)
        case ("storage.k8s.io", "StorageClass"): return await describeStorageClass(object)
        case ("storage.k8s.io", "CSINode"): return await describeCSINode(object)
        case ("policy", "PodDisruptionBudget"): return await describePodDisruptionBudget(object)
        case ("scheduling.k8s.io", "PriorityClass"): return await describePriorityClass(object)
        case ("discovery.k8s.io", "EndpointSlice"): return await describeEndpointSlice(object)
        default: return await describeGeneric(object)
        }
    }

    /// The events about `object`, or nil with `--show-events=false`.
    func events(about object: KubeObject, kind: String? = nil) async -> [KubeObject]? {
        guard showEvents else { return nil }
        return await DescribeEvents.about(object, client: client, kind: kind)
    }

    /// The age of a timestamp, as `translateTimestampSince`.
    func age(_ timestamp: String?) -> String { HumanDuration.since(timestamp, now: now) }

    /// The objects of a type in a namespace that a selector picks; none when they cannot be listed.
    func list(_ type: ResourceType, namespace: String?, selector: String = "", fields: String = "") async -> [KubeObject] {
        guard let labels = try? LabelSelector(parsing: selector),
            let fieldSelector = fields.isEmpty ? FieldSelector.everything : try? FieldSelector(parsing: fields, for: type),
            let list = try? await client.list(
                type, namespace: namespace, labelSelector: labels, fieldSelector: fieldSelector, limit: 0, continueToken: nil)
        else { return [] }
        return list.items
    }
}

extension JSONValue {
    /// A JSON object of strings as a dictionary (labels, annotations, selectors).
    var stringMap: [String: String] { (objectValue ?? [:]).compactMapValues(\.stringValue) }

    /// The value as Go's `%v` prints a scalar: strings bare, numbers and booleans as written.
    var goText: String {
        switch self {
        case .null: "<nil>"
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): "\(value)"
        case .string(let value): value
        case .array(let items): "[" + items.map(\.goText).joined(separator: " ") + "]"
        case .object(let fields): "map[" + fields.keys.sorted().map { "\($0):\(fields[$0]!.goText)" }.joined(separator: " ") + "]"
        }
    }
}
