import ArgumentParser
import EtcdClient
import EtcdCore
import EtcdPKI
import EtcdSnapshot
import Foundation
import KubeAPI

/// `kubesim cluster up`: runs the data directory's cluster as an HA control plane on this machine: real etcd
/// members restored from a snapshot of the embedded store (`etcdctl snapshot restore`, one per member, with
/// `--initial-cluster`), `kubesim serve` API servers on them, and haproxy in front. A second `up` after `down`
/// starts the same processes again on their data.
struct ClusterUp: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run the cluster for real: etcd members, API servers on them, and haproxy in front.",
        discussion: """
            The first up takes a snapshot of the data directory's store (seeding the kubeadm-like cluster on a \
            new one) and restores it into each etcd member, as etcdctl snapshot restore does when a cluster is \
            rebuilt. From then on the cluster's data is in the members (<data-dir>/cluster/etcd/); the embedded \
            store is left as it was. Logs, pid files and haproxy.cfg are under <data-dir>/cluster/.
            """)

    @OptionGroup var store: StoreOptions

    @Option(
        name: .customLong("members"),
        help: ArgumentHelp(
            "How many etcd members (control-plane nodes; default 3).",
            discussion: "A data directory made by kubesim init --control-plane-nodes N gets its N members under its nodes' names."))
    var members: Int?

    @Option(name: .customLong("api-servers"), help: "How many API servers behind the load balancer.")
    var apiServers = 2

    func validate() throws {
        guard (1...7).contains(members ?? 3) else { throw ValidationError("--members must be between 1 and 7") }
        guard (1...9).contains(apiServers) else { throw ValidationError("--api-servers must be between 1 and 9") }
    }

    func run() async throws {
        let console = Console.standard
        let tools = try ClusterTools.find()
        let dataDirectory = store.resolvedDataDirectory()
        let directory = ClusterState.directory(dataDirectory)
        let isNew = !FileManager.default.fileExists(atPath: ClusterState.file(dataDirectory))
        // A --members the data directory's cluster contradicts stops up before anything is written.
        let names = isNew ? try await memberNames() : []
        for sub in ["logs", "pids", "etcd"] {
            try FileManager.default.createDirectory(atPath: "\(directory)/\(sub)", withIntermediateDirectories: true)
        }
        let state: ClusterState
        if !isNew {
            state = try ClusterState.load(dataDirectory)
            if let running = state.components.first(where: { ClusterProcess.runningPID($0) != nil }) {
                throw CommandError(
                    "the cluster on \(dataDirectory) is already up (\(running.role.rawValue) \(running.name) runs); "
                        + "kubesim cluster status shows it, kubesim cluster down stops it")
            }
        } else {
            _ = try await EtcdPKI.ensure(directory: "\(dataDirectory)/pki/etcd")
            state = try ClusterPlan(
                dataDirectory: dataDirectory, tools: tools, memberNames: names, apiServers: apiServers
            ).state()
            try await restoreMembers(state, tools: tools, console: console)
            try state.save(dataDirectory)
        }
        do {
            try await ClusterStarter(state: state, console: console).startAll()
            try await writeKubeconfig(state, dataDirectory: dataDirectory)
        } catch {
            for component in state.components.reversed() { await ClusterProcess.stop(component, timeout: .seconds(5)) }
            throw error
        }
        console.out.line("")
        console.out.line("kubesim: the HA cluster is up; the API is behind haproxy at \(state.balancerURL)")
        console.out.line("  kubectl --kubeconfig \(state.kubeconfig) get pods -n kube-system")
        console.out.line("  ETCDCTL_API=3 etcdctl \(state.etcdctlFlags) endpoint status --cluster -w table")
        let firstMember = state.components.first { $0.role == .etcd }?.name ?? ClusterPlan.memberName(1)
        console.out.line("  kubesim cluster kill etcd \(firstMember)    # then watch the leader move")
        console.out.line("  kubesim cluster down")
    }

    /// The members' names: those of the seeded cluster's etcd static pods (`--name` of `etcd-<node>` in
    /// kube-system) when it has several, as `kubesim init --control-plane-nodes` makes, else `--members` members
    /// named `controlplane01`, ...
    private func memberNames() async throws -> [String] {
        let seeded = try await store.withStore { kv in
            let pods = try await Registry(store: kv).list(
                BuiltinResources.pods, namespace: "kube-system", labelSelector: try LabelSelector(parsing: "component=etcd"))
            return pods.items.compactMap { pod -> String? in
                let command = pod.json[["spec", "containers"]]?.arrayValue?.first?["command"]?.arrayValue ?? []
                return command.compactMap { $0.stringValue }.first { $0.hasPrefix("--name=") }.map { String($0.dropFirst(7)) }
            }.sorted()
        }
        guard seeded.count > 1 else { return (1...(members ?? 3)).map(ClusterPlan.memberName) }
        if let members, members != seeded.count {
            throw CommandError(
                "--members \(members): \(store.resolvedDataDirectory()) holds a cluster of \(seeded.count) etcd members "
                    + "(\(seeded.joined(separator: ", "))); leave --members out or give \(seeded.count)")
        }
        return seeded
    }

    /// Snapshots the embedded store and restores it into every member's data directory, as one rebuilds an etcd
    /// cluster from a snapshot.
    private func restoreMembers(_ state: ClusterState, tools: ClusterTools, console: Console) async throws {
        let directory = ClusterState.directory(store.resolvedDataDirectory())
        let snapshot = "\(directory)/seed.db"
        try await store.withStore { kv in
            let member = SnapshotMember(
                id: kv.memberID, name: "default", peerURLs: ["http://localhost:2380"], clientURLs: ["http://localhost:2379"])
            try SnapshotFile.write(SnapshotExporter(fallbackMember: member).file(from: try kv.image()), to: snapshot)
        }
        console.out.line("[cluster] snapshot of the store saved at \(snapshot)")
        for member in state.components where member.role == .etcd {
            let flags = Dictionary(
                member.arguments.compactMap { argument -> (String, String)? in
                    let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
                    return parts.count == 2 ? (parts[0], parts[1]) : nil
                }, uniquingKeysWith: { first, _ in first })
            let arguments = [
                "snapshot", "restore", snapshot, "--name", member.name, "--data-dir", flags["--data-dir"] ?? "",
                "--initial-cluster", flags["--initial-cluster"] ?? "",
                "--initial-cluster-token", ClusterPlan.initialClusterToken,
                "--initial-advertise-peer-urls", flags["--initial-advertise-peer-urls"] ?? "",
            ]
            let result = try await ClusterStarter.runToEnd(tools.etcdctl, arguments, environment: ["ETCDCTL_API": "3"])
            guard result.status == 0 else {
                throw CommandError("etcdctl snapshot restore for \(member.name) failed:\n\(result.output)")
            }
            console.out.line("[cluster] etcd member \(member.name) restored into \(flags["--data-dir"] ?? "")")
        }
    }

    /// `<data-dir>/cluster/admin.conf`: admin credentials, the server the load balancer.
    private func writeKubeconfig(_ state: ClusterState, dataDirectory: String) async throws {
        let pki = try await KubePKI.ensure(directory: "\(dataDirectory)/pki")
        let credentials = try pki.issueAdminCredentials()
        try Kubeconfig(
            server: state.balancerURL, certificateAuthority: try pki.caCertificatePEM(),
            clientCertificate: credentials.certificatePEM, clientKey: credentials.keyPEM
        ).write(to: state.kubeconfig)
    }
}
