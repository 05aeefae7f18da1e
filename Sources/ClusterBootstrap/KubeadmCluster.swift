import Foundation
import KubeAPI

/// The cluster `kubesim init` seeds: what `kubeadm init` (v1.32) on one control-plane node, then `kubeadm join`
/// on each worker, leave in etcd once the control plane, CoreDNS and kube-proxy run and the nodes are Ready.
///
/// The objects are built by the extensions beside this file, one concern each (nodes, static pods, add-ons,
/// RBAC, config maps, service accounts, services, leases); `phases` puts them in the order the real components
/// write them. Everything is a function of these parameters: two clusters built from the same ones differ only
/// in what the API server assigns (uids, timestamps, resourceVersions).
public struct KubeadmCluster: Sendable {
    /// One machine of the cluster.
    public struct Node: Sendable, Hashable {
        public var name: String
        /// Its InternalIP, where its kubelet and host-network pods listen.
        public var address: String
        /// The /24 of the pod network the node-ipam controller gives it.
        var podCIDR: String
        var isControlPlane: Bool
    }

    /// The first control-plane node: the one `kubeadm init` ran on.
    public var controlPlane: Node
    /// The control-plane nodes that ran `kubeadm join --control-plane`, in the order they joined.
    public var joinedControlPlanes: [Node]
    public var workers: [Node]
    /// `--control-plane-endpoint` (`host:port` of the load balancer in front of the API servers), when given.
    public var controlPlaneEndpoint: String?
    /// The cluster CA certificate (PEM), as `kube-root-ca.crt` and `cluster-info` carry it.
    var caCertificatePEM: String
    /// When the cluster came up: status times, lease renewals, token expiry.
    var now: Date

    /// Every control-plane node, the first one first.
    public var controlPlanes: [Node] { [controlPlane] + joinedControlPlanes }
    var nodes: [Node] { controlPlanes + workers }

    // MARK: - Versions and defaults of kubeadm 1.32

    public static let kubernetesVersion = "v1.32.3"
    static let etcdImageTag = "3.5.16-0"
    static let coreDNSImageTag = "v1.11.3"
    static let imageRepository = "registry.k8s.io"
    public static let criSocket = "unix:///var/run/containerd/containerd.sock"
    static let serviceSubnet = "10.96.0.0/12"
    static let kubernetesServiceIP = "10.96.0.1"
    static let dnsServiceIP = "10.96.0.10"
    static let dnsDomain = "cluster.local"
    public static let apiServerPort = 6443
    static let certificatesDir = "/etc/kubernetes/pki"
    static let clusterName = "kubernetes"
    /// The group of the nodes joining with kubeadm's default bootstrap token.
    static let bootstrapTokenGroup = "system:bootstrappers:kubeadm:default-node-token"

    public static let defaultNodeName = "controlplane"
    public static let defaultAdvertiseAddress = "192.168.56.10"
    public static let defaultPodSubnet = "10.244.0.0/16"
    /// Workers a new cluster gets, as the course's lab clusters have (`node01`, `node02`).
    public static let defaultWorkers = 2

    /// The pod network (`--pod-network-cidr`).
    var podSubnet: String

    /// Whether kube-apiserver encrypts at rest: its static pod then runs with
    /// `--encryption-provider-config=/etc/kubernetes/enc/enc.yaml` and mounts that directory, as the
    /// Kubernetes documentation ("Encrypting Confidential Data at Rest") has kubeadm users edit it.
    public var encryptsAtRest = false
    /// Where the kube-apiserver static pod reads its EncryptionConfiguration.
    /// kube-apiserver's `--storage-media-type` when it is not its default (protobuf); kubeadm writes none.
    public var storageMediaType: String?

    static let encryptionConfigDirectory = "/etc/kubernetes/enc"

    /// A cluster whose control plane is `nodeName` at `advertiseAddress`, with `workers` nodes at the addresses
    /// after it (`node01`, `node02`, ...), each node getting the next /24 of `podSubnet`.
    ///
    /// With `controlPlaneNodes` above 1 the control plane is kubeadm's stacked-etcd HA topology: nodes
    /// `<nodeName>01`, `<nodeName>02`, ... at `advertiseAddress` and the addresses after it (the first ran
    /// `kubeadm init --control-plane-endpoint --upload-certs`, the others `kubeadm join --control-plane`), each
    /// with its etcd member and API server, the workers at the addresses after theirs, and the load balancer at
    /// `controlPlaneEndpoint` (by default the address just before the first node's, port 6443, which nodes that
    /// register later, numbered upwards from .10, do not take).
    public init(
        nodeName: String = defaultNodeName, workers: Int = 0, advertiseAddress: String = defaultAdvertiseAddress,
        podSubnet: String = defaultPodSubnet, controlPlaneNodes: Int = 1, controlPlaneEndpoint: String? = nil,
        caCertificatePEM: String, now: Date = Date()
    ) throws {
        guard let address = IPv4(advertiseAddress) else {
            throw BootstrapError("--apiserver-advertise-address: \(FieldError.quoted(advertiseAddress)) is not an IPv4 address")
        }
        guard (1...9).contains(controlPlaneNodes) else {
            throw BootstrapError("--control-plane-nodes must be between 1 and 9 (an etcd cluster keeps an odd number of members, at most 7 advised)")
        }
        let machines = controlPlaneNodes + workers
        let needsBalancer = controlPlaneNodes > 1 && controlPlaneEndpoint == nil
        guard address.octets[3] + machines - 1 <= 254 else {
            throw BootstrapError("--apiserver-advertise-address \(advertiseAddress) leaves no room for \(machines - 1) nodes after it")
        }
        guard let (network, prefix) = IPv4.cidr(podSubnet), prefix <= 24,
            machines <= 1 << (24 - prefix)
        else {
            throw BootstrapError(
                "--pod-network-cidr: \(FieldError.quoted(podSubnet)) must be an IPv4 CIDR with a /24 for each of the \(machines) nodes")
        }
        if needsBalancer && address.octets[3] < 2 {
            throw BootstrapError(
                "--apiserver-advertise-address \(advertiseAddress) leaves no address before it for the load balancer; give --control-plane-endpoint")
        }
        if let controlPlaneEndpoint {
            let parts = controlPlaneEndpoint.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (1...65535).contains(port) else {
                throw BootstrapError(
                    "--control-plane-endpoint: \(FieldError.quoted(controlPlaneEndpoint)) must be host:port (the load balancer's address and port)")
            }
        }
        func node(_ index: Int, name: String) -> Node {
            Node(
                name: name, address: address.adding(index).description,
                podCIDR: "\(network.adding(index << 8))/24", isControlPlane: index < controlPlaneNodes)
        }
        let controlPlaneNames =
            controlPlaneNodes == 1 ? [nodeName] : (1...controlPlaneNodes).map { nodeName + String(format: "%02d", $0) }
        controlPlane = node(0, name: controlPlaneNames[0])
        joinedControlPlanes = controlPlaneNames.dropFirst().enumerated().map { node($0.offset + 1, name: $0.element) }
        self.workers = (0..<workers).map { node(controlPlaneNodes + $0, name: String(format: "node%02d", $0 + 1)) }
        if let clash = self.workers.first(where: { controlPlaneNames.contains($0.name) }) {
            throw BootstrapError("--node-name \(nodeName) makes the control-plane node \(clash.name), the name of a worker; choose another")
        }
        self.controlPlaneEndpoint =
            controlPlaneEndpoint ?? (needsBalancer ? "\(address.adding(-1)):\(Self.apiServerPort)" : nil)
        self.podSubnet = podSubnet
        self.caCertificatePEM = caCertificatePEM
        self.now = now
    }

    // MARK: - Derived values

    /// Where the API server listens: `https://<advertise address>:6443`.
    public var apiServerURL: String { "https://\(controlPlane.address):\(Self.apiServerPort)" }

    /// Where clients reach the control plane (kubeconfigs, `cluster-info`, `kubeadm join`): the
    /// `controlPlaneEndpoint` when there is one, else the API server of the first node.
    public var controlPlaneURL: String { controlPlaneEndpoint.map { "https://\($0)" } ?? apiServerURL }

    /// kubeadm's bootstrap token `<id>.<secret>` (`[a-z0-9]{6}.[a-z0-9]{16}`), stable for a cluster.
    public var bootstrapTokenID: String { StableNames.token("token-id/\(controlPlane.name)", count: 6) }
    public var bootstrapTokenSecret: String { StableNames.token("token-secret/\(controlPlane.name)", count: 16) }
    /// The `--certificate-key` `kubeadm init --upload-certs` prints (64 hex digits), stable for a cluster; KubeSim
    /// uploads no `kubeadm-certs` Secret, the joined nodes' certificates being in the data directory.
    public var certificateKey: String { StableNames.hex("certificate-key/\(controlPlane.name)", count: 64) }

    /// A pod's address on `node`: the node's own for host-network pods, else the `offset`-th after the CNI's
    /// gateway (.1) in the node's pod CIDR.
    func podIP(on node: Node, offset: Int) -> String {
        IPv4.cidr(node.podCIDR)!.network.adding(2 + offset).description
    }

    /// An image of kubeadm 1.32's registry.
    static func image(_ name: String, _ tag: String) -> String { "\(imageRepository)/\(name):\(tag)" }

    /// `kubernetes.io/hostname`-style labels every kubelet registers its node with.
    func nodeLabels(_ node: Node) -> [String: String] {
        var labels = [
            "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": node.name, "kubernetes.io/os": "linux",
        ]
        if node.isControlPlane {
            labels["node-role.kubernetes.io/control-plane"] = ""
            labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        }
        return labels
    }

    // MARK: - Times

    /// RFC 3339 in seconds, as metav1.Time serializes.
    var time: String { RFC3339Timestamp.string(from: now) }
    /// RFC 3339 with microseconds, as metav1.MicroTime serializes (lease renewals).
    var microTime: String { Self.format(now, fraction: 6) }
    /// RFC 3339 with nanoseconds, as the kubelet writes `kubernetes.io/config.seen`.
    var nanoTime: String { Self.format(now, fraction: 9) }

    private static func format(_ date: Date, fraction digits: Int) -> String {
        let seconds = floor(date.timeIntervalSince1970)
        let base = RFC3339Timestamp.string(from: Date(timeIntervalSince1970: seconds)).dropLast()
        let fraction = Int64(((date.timeIntervalSince1970 - seconds) * 1e9).rounded(.down))
        let nanos = String(format: "%09lld", fraction)
        return "\(base).\(nanos.prefix(digits))Z"
    }
}

/// A dotted IPv4 address.
struct IPv4: Hashable, CustomStringConvertible {
    var octets: [Int]

    init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 4, parts.allSatisfy({ ($0 ?? -1) >= 0 && ($0 ?? 256) <= 255 }) else { return nil }
        octets = parts.map { $0! }
    }

    private init(value: Int) {
        octets = [value >> 24 & 255, value >> 16 & 255, value >> 8 & 255, value & 255]
    }

    private var value: Int { octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3] }

    func adding(_ offset: Int) -> IPv4 { IPv4(value: value + offset) }

    var description: String { octets.map(String.init).joined(separator: ".") }

    /// The network address and prefix length of `a.b.c.d/n`.
    static func cidr(_ text: String) -> (network: IPv4, prefix: Int)? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let address = IPv4(String(parts[0])), let prefix = Int(parts[1]), (0...32).contains(prefix)
        else { return nil }
        let mask = prefix == 0 ? 0 : ~0 << (32 - prefix) & 0xFFFF_FFFF
        return (IPv4(value: address.value & mask), prefix)
    }
}

// MARK: - JSON helpers for the builders

extension JSONValue {
    /// An array of strings.
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    /// An object of string values.
    static func stringMap(_ values: [String: String]) -> JSONValue { .object(values.mapValues(JSONValue.string)) }

    /// `metadata` with a name, and a namespace, labels and annotations when given.
    static func metadata(
        _ name: String, namespace: String? = nil, labels: [String: String] = [:], annotations: [String: String] = [:]
    ) -> JSONValue {
        var metadata: JSONValue = ["name": .string(name)]
        if let namespace { metadata["namespace"] = .string(namespace) }
        if !labels.isEmpty { metadata["labels"] = .stringMap(labels) }
        if !annotations.isEmpty { metadata["annotations"] = .stringMap(annotations) }
        return metadata
    }

    /// An object of `kind` in `apiVersion` with `metadata` and more top-level fields.
    static func object(_ apiVersion: String, _ kind: String, _ metadata: JSONValue, _ fields: [String: JSONValue] = [:])
        -> JSONValue
    {
        var object = fields
        object["apiVersion"] = .string(apiVersion)
        object["kind"] = .string(kind)
        object["metadata"] = metadata
        return .object(object)
    }

    /// An owner reference: by default to the controller of an object, which blocks its deletion.
    static func ownerReference(
        apiVersion: String, kind: String, name: String, uid: String, controller: Bool = true, blockOwnerDeletion: Bool = true
    ) -> JSONValue {
        var reference: JSONValue = [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid),
        ]
        if controller { reference["controller"] = true }
        if blockOwnerDeletion { reference["blockOwnerDeletion"] = true }
        return reference
    }
}
