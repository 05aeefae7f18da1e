import ArgumentParser
import ClusterBootstrap
import EtcdCore
import Foundation
import KubeAPI

/// `kubesim init`: seeds the data directory with what `kubeadm init` (v1.32) and `kubeadm join` leave in etcd:
/// the system namespaces, the nodes, the control plane's static pods, CoreDNS and kube-proxy with their pods,
/// the `kubernetes` and `kube-dns` services, service accounts, CA bundles, kubeadm's configuration, bootstrap
/// token and RBAC, and the API server's bootstrap policy. Every object goes through the registry, validated
/// and keyed as kube-apiserver keys it.
///
/// Like `kubeadm init` on a node that already runs a control plane, it refuses a data directory that holds a
/// cluster (exit 1) and names the keys in the way.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Seed the store with a kubeadm-like cluster (control plane, CoreDNS, kube-proxy, RBAC).",
        discussion: """
            The cluster is what a fresh kubeadm 1.32 cluster holds once its pod network runs: nodes Ready, \
            the static pods etcd, kube-apiserver, kube-controller-manager and kube-scheduler Running, CoreDNS \
            (2 replicas) and kube-proxy (one pod per node). Kubectl-like commands seed the same cluster on the \
            first use of a new data directory, unless given --bare. With --bare, init makes an empty store with \
            the system namespaces only. With --control-plane-nodes 3 the control plane is kubeadm's stacked-etcd \
            HA topology (kubeadm init --control-plane-endpoint --upload-certs, then kubeadm join --control-plane \
            twice): nodes <node-name>01..03 with their own static pods and etcd member certificates \
            (<data-dir>/nodes/<node>/pki/etcd), and the load balancer as controlPlaneEndpoint; kubesim cluster up \
            runs it for real.
            """)

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("node-name"), help: "The control-plane node's name.")
    var nodeName = KubeadmCluster.defaultNodeName

    @Option(name: .customLong("workers"), help: "How many worker nodes join (node01, node02, ...).")
    var workers = KubeadmCluster.defaultWorkers

    @Option(
        name: .customLong("apiserver-advertise-address"),
        help: "The control-plane node's IPv4 address; workers get the addresses after it.")
    var advertiseAddress = KubeadmCluster.defaultAdvertiseAddress

    @Option(name: .customLong("pod-network-cidr"), help: "The pod network; each node gets the next /24 of it.")
    var podNetwork = KubeadmCluster.defaultPodSubnet

    @Option(
        name: .customLong("control-plane-nodes"),
        help: ArgumentHelp(
            "How many control-plane nodes (stacked etcd, as kubeadm init --upload-certs then kubeadm join --control-plane).",
            discussion: "Above 1 they are named <node-name>01, <node-name>02, ... at the advertise address and the ones after it."))
    var controlPlaneNodes = 1

    @Option(
        name: .customLong("control-plane-endpoint"),
        help: "The load balancer's host:port in front of the API servers (default with several control-plane nodes: the address before the advertise address, port 6443).")
    var controlPlaneEndpoint: String?

    func validate() throws {
        guard (0...100).contains(workers) else { throw ValidationError("--workers must be between 0 and 100") }
        let label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
        guard nodeName.count <= 63, nodeName.wholeMatch(of: try Regex("\(label)(\\.\(label))*")) != nil else {
            throw ValidationError(
                "--node-name \(FieldError.quoted(nodeName)): a node name must be a lowercase RFC 1123 subdomain of at most 63 characters")
        }
        if controlPlaneNodes > 1, nodeName.count + 2 > 63 {
            throw ValidationError("--node-name \(nodeName): with --control-plane-nodes the nodes are \(nodeName)01, ..., longer than 63 characters")
        }
        do {
            _ = try KubeadmCluster(
                nodeName: nodeName, workers: workers, advertiseAddress: advertiseAddress, podSubnet: podNetwork,
                controlPlaneNodes: controlPlaneNodes, controlPlaneEndpoint: controlPlaneEndpoint, caCertificatePEM: "")
        } catch let error as BootstrapError {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        let console = Console.standard
        let directory = store.resolvedDataDirectory()
        if store.bare && !store.isNewStore(directory) {
            throw CommandError("\(directory) already holds a store: --bare makes a new, empty one")
        }
        // A configuration kube-apiserver would refuse stops init before the store is made.
        let transformers = try store.transformers()
        try await store.withStore(seed: false) { kv in
            if store.bare {
                try recordEncryptionConfig(in: directory)
                _ = try await EmbeddedControlPlane.open(
                    kv, dataDirectory: directory, runningLoops: !store.noControllers, transformers: transformers,
                    storageMediaType: store.resolvedStorageMediaType())
                console.out.line("[init] Empty cluster in \(directory): namespaces \(Registry.systemNamespaces.joined(separator: ", "))")
                return
            }
            // kubeadm's preflight checks come first: a refused init writes nothing, not even the loops' work.
            var cluster = try await ClusterSeeder.cluster(
                dataDirectory: directory, nodeName: nodeName, workers: workers, advertiseAddress: advertiseAddress,
                podSubnet: podNetwork, controlPlaneNodes: controlPlaneNodes, controlPlaneEndpoint: controlPlaneEndpoint)
            cluster.encryptsAtRest = store.encryptionProviderConfig != nil
            let mediaType = store.resolvedStorageMediaType()
            cluster.storageMediaType = mediaType == .kubeAPIServerDefault ? nil : mediaType.rawValue
            try await preflight(ClusterSeeder(registry: Registry(store: kv)), cluster, directory: directory)
            try recordEncryptionConfig(in: directory)
            let controlPlane = try await EmbeddedControlPlane.open(
                kv, dataDirectory: directory, runningLoops: !store.noControllers, transformers: transformers,
                    storageMediaType: store.resolvedStorageMediaType())
            let seeder = ClusterSeeder(registry: controlPlane.registry)
            console.out.line("[init] Using Kubernetes version: \(KubeadmCluster.kubernetesVersion)")
            console.out.flush()
            let summary = try await seeder.seed(
                cluster,
                progress: { phase in
                    console.out.line("[\(phase.name)]")
                    console.out.flush()
                },
                afterPhase: { try await controlPlane.settle(keepingInformers: true) })
            console.out.line("")
            console.out.line("Your Kubernetes control-plane has initialized successfully!")
            console.out.line(
                "\(summary.objects) objects in \(directory) (revision \(summary.revision)); "
                    + (cluster.joinedControlPlanes.isEmpty
                        ? "control plane \(cluster.controlPlane.name) at \(cluster.apiServerURL)"
                        : "control plane \(cluster.controlPlanes.map(\.name).joined(separator: ", ")) behind \(cluster.controlPlaneURL)")
                    + (cluster.workers.isEmpty ? "" : ", workers \(cluster.workers.map(\.name).joined(separator: ", "))"))
            console.out.line("")
            console.out.line("  kubesim get pods -n kube-system")
            console.out.line("  kubesim etcdctl get / --prefix --keys-only")
            console.out.line("")
            let caHash = cluster.discoveryTokenCACertHash.map { " \\\n\t--discovery-token-ca-cert-hash \($0)" } ?? ""
            let endpoint = cluster.controlPlaneEndpoint ?? "\(cluster.controlPlane.address):\(KubeadmCluster.apiServerPort)"
            let join = "kubeadm join \(endpoint) --token \(cluster.bootstrapTokenID).\(cluster.bootstrapTokenSecret)\(caHash)"
            if !cluster.joinedControlPlanes.isEmpty {
                // What `kubeadm init --upload-certs` prints; the key decrypts the uploaded certificates.
                console.out.line("You can now join any number of control-plane nodes running the following command on each as root:")
                console.out.line("")
                console.out.line("\(join) \\\n\t--control-plane --certificate-key \(cluster.certificateKey)")
                console.out.line("")
            }
            console.out.line("Then you can join any number of worker nodes by running the following on each as root:")
            console.out.line("")
            console.out.line(join)
        }
    }

    /// Keeps a copy of `--encryption-provider-config` in the data directory (private, as the node's
    /// `/etc/kubernetes/enc/enc.yaml`), so later commands without the flag read the secrets they encrypted.
    private func recordEncryptionConfig(in directory: String) throws {
        guard let source = store.encryptionProviderConfig else { return }
        let target = StoreOptions.recordedEncryptionConfig(in: directory)
        do {
            _ = try PrivateFiles.directory(URL(fileURLWithPath: target).deletingLastPathComponent().path)
            let contents = try Data(contentsOf: URL(fileURLWithPath: source))
            try PrivateFiles.file(target)
            try contents.write(to: URL(fileURLWithPath: target))
        } catch {
            throw CommandError("--encryption-provider-config: cannot record \(source) as \(target): \(error)")
        }
    }

    /// kubeadm's preflight: a node already initialised fails, as does any key of the cluster already taken.
    private func preflight(_ seeder: ClusterSeeder, _ cluster: KubeadmCluster, directory: String) async throws {
        if try await seeder.isInitialised() {
            throw CommandError(
                "[preflight] \(directory) already holds an initialised cluster (kube-system/kubeadm-config exists): "
                    + "kubesim init runs once per data directory; use a new --data-dir, or remove \(directory) to start over")
        }
        let taken = try await seeder.conflicts(with: cluster)
        if !taken.isEmpty {
            let shown = taken.prefix(5).joined(separator: ", ") + (taken.count > 5 ? ", ... (\(taken.count) in all)" : "")
            throw CommandError("[preflight] \(directory) already holds objects of the cluster: \(shown)")
        }
    }
}
