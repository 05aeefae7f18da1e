import EtcdPKI
import Foundation

/// The processes of a new HA cluster on one machine, as kubeadm's stacked-etcd topology has them: an etcd
/// member per control-plane node (`controlplane01`, ... as their static pods `etcd-controlplane01` name them),
/// joined with `--initial-cluster`, TLS between clients and members and between members from the cluster's
/// etcd PKI (each member's own server and peer certificates when `kubesim init --control-plane-nodes` issued
/// them, else the shared ones); API servers given every member in `--etcd-servers`; haproxy in front of the API
/// servers.
struct ClusterPlan {
    var dataDirectory: String
    var tools: ClusterTools
    /// The etcd members' names, in order.
    var memberNames: [String]
    var apiServers: Int

    init(dataDirectory: String, tools: ClusterTools, memberNames: [String], apiServers: Int) {
        self.dataDirectory = dataDirectory
        self.tools = tools
        self.memberNames = memberNames
        self.apiServers = apiServers
    }

    /// `members` members named `controlplane01`, `controlplane02`, ...
    init(dataDirectory: String, tools: ClusterTools, members: Int, apiServers: Int) {
        self.init(
            dataDirectory: dataDirectory, tools: tools, memberNames: (1...members).map(Self.memberName), apiServers: apiServers)
    }

    static let initialClusterToken = "kubesim-ha"

    /// The member names, as `kubesim init --control-plane-nodes` names the nodes.
    static func memberName(_ index: Int) -> String { String(format: "controlplane%02d", index) }

    /// A member's server and peer certificate and key: its own when the data directory has them, else the
    /// etcd PKI's shared ones.
    func certificates(_ name: String) -> (server: String, serverKey: String, peer: String, peerKey: String) {
        let own = EtcdMemberCertificates(dataDirectory: dataDirectory, name: name)
        if own.files.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            return (own.serverCertificate, own.serverKey, own.peerCertificate, own.peerKey)
        }
        let pki = "\(dataDirectory)/pki/etcd"
        return ("\(pki)/server.crt", "\(pki)/server.key", "\(pki)/peer.crt", "\(pki)/peer.key")
    }

    /// The directory a member's data lives in.
    static func memberDataDirectory(_ dataDirectory: String, _ name: String) -> String {
        "\(ClusterState.directory(dataDirectory))/etcd/\(name)"
    }

    /// The state to start: every process with its command line, on free loopback ports.
    func state() throws -> ClusterState {
        let directory = ClusterState.directory(dataDirectory)
        let pki = "\(dataDirectory)/pki/etcd"
        let names = memberNames
        let ports = try names.map { _ in (client: try ClusterProcess.freePort(), peer: try ClusterProcess.freePort()) }
        let initialCluster = zip(names, ports).map { "\($0)=https://127.0.0.1:\($1.peer)" }.joined(separator: ",")
        let endpoints = ports.map { "https://127.0.0.1:\($0.client)" }.joined(separator: ",")
        var components: [ClusterState.Component] = []
        for (name, port) in zip(names, ports) {
            let client = "https://127.0.0.1:\(port.client)"
            let peer = "https://127.0.0.1:\(port.peer)"
            let certificates = certificates(name)
            // kubeadm's etcd static pod flags (`etcd.yaml`), on loopback ports.
            components.append(
                ClusterState.Component(
                    role: .etcd, name: name, executable: tools.etcd,
                    arguments: [
                        "--name=\(name)", "--data-dir=\(Self.memberDataDirectory(dataDirectory, name))",
                        "--listen-client-urls=\(client)", "--advertise-client-urls=\(client)",
                        "--listen-peer-urls=\(peer)", "--initial-advertise-peer-urls=\(peer)",
                        "--initial-cluster=\(initialCluster)", "--initial-cluster-state=new",
                        "--initial-cluster-token=\(Self.initialClusterToken)",
                        "--cert-file=\(certificates.server)", "--key-file=\(certificates.serverKey)", "--client-cert-auth=true",
                        "--trusted-ca-file=\(pki)/ca.crt", "--peer-cert-file=\(certificates.peer)",
                        "--peer-key-file=\(certificates.peerKey)", "--peer-client-cert-auth=true",
                        "--peer-trusted-ca-file=\(pki)/ca.crt", "--snapshot-count=10000", "--logger=zap",
                    ],
                    log: "\(directory)/logs/etcd-\(name).log", pidFile: "\(directory)/pids/etcd-\(name).pid", url: client))
        }
        let apiPorts = try (1...apiServers).map { _ in try ClusterProcess.freePort() }
        for (index, port) in apiPorts.enumerated() {
            let name = "\(index + 1)"
            components.append(
                ClusterState.Component(
                    role: .api, name: name, executable: ClusterTools.kubesim,
                    arguments: [
                        "serve", "--data-dir", dataDirectory, "--address", "127.0.0.1", "--port", "\(port)",
                        "--etcd-servers", endpoints, "--etcd-cafile", "\(pki)/ca.crt",
                        "--etcd-certfile", "\(pki)/server.crt", "--etcd-keyfile", "\(pki)/server.key",
                        "--write-kubeconfig", "\(directory)/apiserver-\(name).conf",
                    ],
                    log: "\(directory)/logs/apiserver-\(name).log", pidFile: "\(directory)/pids/apiserver-\(name).pid",
                    url: "https://127.0.0.1:\(port)"))
        }
        let balancerPort = try ClusterProcess.freePort()
        let config = HAProxyConfig(bindPort: balancerPort, servers: zip(1...apiServers, apiPorts).map { ("\($0)", $1) })
        let configFile = "\(directory)/haproxy.cfg"
        try config.text.write(toFile: configFile, atomically: true, encoding: .utf8)
        let balancerURL = "https://127.0.0.1:\(balancerPort)"
        components.append(
            ClusterState.Component(
                role: .balancer, name: "haproxy", executable: tools.haproxy, arguments: ["-db", "-f", configFile],
                log: "\(directory)/logs/haproxy.log", pidFile: "\(directory)/pids/haproxy.pid", url: balancerURL))
        return ClusterState(
            components: components, balancerURL: balancerURL, etcdEndpoints: endpoints, etcdPKI: pki,
            kubeconfig: "\(directory)/admin.conf")
    }
}
