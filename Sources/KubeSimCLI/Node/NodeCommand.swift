import ArgumentParser
import ClusterBootstrap
import Controllers
import Foundation
import KubeAPI

/// `kubesim node stop|start|add`: a simulated node's kubelet, for teaching node failure. `stop` annotates the
/// Node `kubesim.io/kubelet: stopped`: its kubelet renews no lease, reports no status and runs no pod, so the
/// node lifecycle controller marks it Unknown after the grace period and its pods are evicted; `start` removes
/// the annotation; `add` joins new worker nodes as `kubeadm join` does. Embedded, or against a running server.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Stop or start a simulated node's kubelet, or join new worker nodes to the cluster.",
        subcommands: [NodeStop.self, NodeStart.self, NodeAdd.self])
}

/// `kubesim node stop NAME...`: stops the nodes' simulated kubelets.
struct NodeStop: NodeKubeletSwitch {
    static let configuration = CommandConfiguration(
        commandName: "stop", abstract: "Stop the simulated kubelet of nodes: no more lease renewals, status or pods.")
    static let stopping = true

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @Argument(help: "The nodes.") var names: [String] = []
}

/// `kubesim node start NAME...`: starts the nodes' simulated kubelets again.
struct NodeStart: NodeKubeletSwitch {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start the stopped simulated kubelet of nodes again.")
    static let stopping = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @Argument(help: "The nodes.") var names: [String] = []
}

/// What `node stop` and `node start` share: they set or clear the kubelet annotation of the named nodes.
protocol NodeKubeletSwitch: AsyncParsableCommand {
    static var stopping: Bool { get }
    var store: StoreOptions { get }
    var serverOptions: ServerOptions { get }
    var names: [String] { get }
}

extension NodeKubeletSwitch {
    func validate() throws {
        if names.isEmpty { throw ValidationError("You must provide one or more node names.") }
    }

    func run() async throws {
        try await NodeKubelet.set(stopped: Self.stopping, names: names, store: store, serverOptions: serverOptions)
    }
}

/// Writes the kubelet annotation of nodes.
enum NodeKubelet {
    static func set(stopped: Bool, names: [String], store: StoreOptions, serverOptions: ServerOptions) async throws {
        let console = Console.standard
        let key = Kubelet.kubeletAnnotation
        try await serverOptions.withCluster(store: store, settling: true) { client, catchUp in
            for name in names {
                let node: KubeObject
                do {
                    node = try await client.get(BuiltinResources.nodes, namespace: nil, name: name)
                } catch let error as StatusError where error.code == 404 {
                    throw CommandError("nodes \"\(name)\" not found")
                }
                let current = node.annotations[key]
                if current == "none" { throw CommandError("node \(name) has no kubelet (annotated \(key): none)") }
                if (current == Kubelet.stoppedKubelet) == stopped {
                    console.out.line("node/\(name) kubelet already \(stopped ? "stopped" : "running")")
                    continue
                }
                let value: JSONValue = stopped ? .string(Kubelet.stoppedKubelet) : .null
                let patch: JSONValue = ["metadata": ["annotations": [key: value]]]
                _ = try await client.patch(
                    BuiltinResources.nodes, namespace: nil, name: name, patchType: .merge, body: patch.jsonData(),
                    options: WriteOptions(fieldManager: "kubesim"))
                console.out.line("node/\(name) kubelet \(stopped ? "stopped" : "started")")
                try await catchUp()
            }
        }
    }
}

/// `kubesim node add [NAME...] [--workers N]`: joins worker nodes as `kubeadm join` does: each node's kubelet
/// registers its Node (labels, kubeadm's annotations); its status, lease, pod range and kube-proxy pod follow
/// from the kubelet, node-ipam and DaemonSet loops.
struct NodeAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Join worker nodes to the cluster, as kubeadm join does.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    @Argument(help: "Names for the new nodes (default: the next free node01, node02, ...).")
    var names: [String] = []

    @Option(name: .customLong("workers"), help: "How many nodes join when no names are given.")
    var workers = 1

    func validate() throws {
        guard (1...100).contains(workers) else { throw ValidationError("--workers must be between 1 and 100") }
        if !names.isEmpty && workers != 1 { throw ValidationError("give node names or --workers, not both") }
    }

    func run() async throws {
        let console = Console.standard
        try await serverOptions.withCluster(store: store, settling: true) { client, catchUp in
            let existing = Set(
                try await client.list(
                    BuiltinResources.nodes, namespace: nil, labelSelector: .everything, fieldSelector: .everything,
                    limit: 0, continueToken: nil
                ).items.map(\.name))
            var joining = names
            if joining.isEmpty {
                var index = 1
                while joining.count < workers {
                    let name = String(format: "node%02d", index)
                    if !existing.contains(name) { joining.append(name) }
                    index += 1
                }
            }
            for name in joining {
                if existing.contains(name) {
                    throw CommandError("a Node with name \"\(name)\" already exists in the cluster")
                }
                _ = try await client.create(
                    BuiltinResources.nodes, namespace: nil, object: Self.registration(name),
                    options: WriteOptions(fieldManager: "kubelet"))
                console.out.line("node/\(name) joined")
                try await catchUp()
            }
        }
    }

    /// The Node a joining kubelet registers (`kubeadm join` writes the CRI socket annotation).
    static func registration(_ name: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Node",
            "metadata": [
                "name": .string(name),
                "labels": [
                    "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
                    "kubernetes.io/hostname": .string(name), "kubernetes.io/os": "linux",
                ],
                "annotations": [
                    "kubeadm.alpha.kubernetes.io/cri-socket": .string(KubeadmCluster.criSocket),
                    "node.alpha.kubernetes.io/ttl": "0",
                    "volumes.kubernetes.io/controller-managed-attach-detach": "true",
                ],
            ],
            "spec": .emptyObject,
        ]
    }
}
