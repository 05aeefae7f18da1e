import Foundation
import Testing

/// `kubesim init --control-plane-nodes 3`: what `kubeadm init --control-plane-endpoint LB:6443 --upload-certs`
/// and two `kubeadm join --control-plane` leave in etcd (stacked etcd), checked through the built `kubesim`.
@Suite("kubesim init --control-plane-nodes")
struct InitHAControlPlaneTests {
    static let nodes = ["controlplane01", "controlplane02", "controlplane03"]
    static let addresses = ["192.168.56.10", "192.168.56.11", "192.168.56.12"]

    static func initialised() async throws -> KubectlWorkspace {
        try await InitTests.initialised(["--control-plane-nodes", "3"])
    }

    static func command(_ workspace: KubectlWorkspace, pod: String) async throws -> [String] {
        let result = try await workspace.kubesim(
            ["get", "pod", pod, "-n", "kube-system", "-o", "jsonpath={range .spec.containers[0].command[*]}{@}{\"\\n\"}{end}"])
        #expect(result.status == 0, "\(result)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func threeControlPlaneNodesWithKubeadmsRoleAndTaintThenTheWorkers() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        let nodes = try await workspace.kubesim(
            ["get", "nodes", "-o", "jsonpath={range .items[*]}{.metadata.name} {.status.addresses[0].address} {.spec.taints[*].key}{\"\\n\"}{end}"])
        #expect(nodes.status == 0, "\(nodes)")
        #expect(nodes.stdout.split(separator: "\n").map(String.init) == [
            "controlplane01 192.168.56.10 node-role.kubernetes.io/control-plane",
            "controlplane02 192.168.56.11 node-role.kubernetes.io/control-plane",
            "controlplane03 192.168.56.12 node-role.kubernetes.io/control-plane",
            "node01 192.168.56.13 ", "node02 192.168.56.14 ",
        ])
        let roles = try await workspace.kubesim(["get", "nodes", "-l", "node-role.kubernetes.io/control-plane", "-o", "name"])
        #expect(roles.stdout == Self.nodes.map { "node/\($0)\n" }.joined())
    }

    @Test func everyControlPlaneNodeRunsItsFourStaticPods() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        let pods = try await workspace.kubesim(
            ["get", "pods", "-n", "kube-system", "-l", "tier=control-plane",
             "-o", "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.phase}{\"\\n\"}{end}"])
        #expect(pods.status == 0, "\(pods)")
        let expected = ["etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"].flatMap { component in
            Self.nodes.map { "\(component)-\($0) \($0) Running" }
        }
        #expect(pods.stdout.split(separator: "\n").map(String.init) == expected)
    }

    @Test func etcdMembersJoinAsKubeadmWritesTheirManifests() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        var joined: [String] = []
        for (index, (node, address)) in zip(Self.nodes, Self.addresses).enumerated() {
            let command = try await Self.command(workspace, pod: "etcd-\(node)")
            joined.append("\(node)=https://\(address):2380")
            #expect(command.contains("--name=\(node)"))
            #expect(command.contains("--initial-cluster=\(joined.joined(separator: ","))"), "\(command)")
            #expect(command.contains("--initial-advertise-peer-urls=https://\(address):2380"))
            #expect(command.contains("--listen-client-urls=https://127.0.0.1:2379,https://\(address):2379"))
            // The first member starts a new cluster (no flag); the joined ones were added to a running one.
            let state = command.filter { $0.hasPrefix("--initial-cluster-state") }
            #expect(state == (index == 0 ? [] : ["--initial-cluster-state=existing"]), "\(command)")
        }
    }

    @Test func eachAPIServerStoresInItsOwnMemberAsKubeadmsStackedEtcd() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        for (node, address) in zip(Self.nodes, Self.addresses) {
            let command = try await Self.command(workspace, pod: "kube-apiserver-\(node)")
            #expect(command.contains("--etcd-servers=https://127.0.0.1:2379"), "\(command)")
            #expect(command.contains("--advertise-address=\(address)"))
        }
        let endpoints = try await workspace.kubesim(
            ["get", "endpoints", "kubernetes", "-o", "jsonpath={.subsets[0].addresses[*].ip}"])
        #expect(endpoints.stdout == Self.addresses.joined(separator: " "), "\(endpoints)")
    }

    @Test func controlPlaneEndpointIsInKubeadmConfigAndTheKubeconfigs() async throws {
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        let config = try await workspace.kubesim(
            ["get", "configmap", "kubeadm-config", "-n", "kube-system", "-o", "jsonpath={.data.ClusterConfiguration}"])
        #expect(config.stdout.contains("controlPlaneEndpoint: 192.168.56.9:6443"), "\(config)")
        let clusterInfo = try await workspace.kubesim(
            ["get", "configmap", "cluster-info", "-n", "kube-public", "-o", "jsonpath={.data.kubeconfig}"])
        #expect(clusterInfo.stdout.contains("server: https://192.168.56.9:6443"), "\(clusterInfo)")
        let proxy = try await workspace.kubesim(
            ["get", "configmap", "kube-proxy", "-n", "kube-system", "-o", "jsonpath={.data.kubeconfig\\.conf}"])
        #expect(proxy.stdout.contains("server: https://192.168.56.9:6443"), "\(proxy)")
    }

    @Test func givenControlPlaneEndpointIsKeptAndABadOneIsRefused() async throws {
        let workspace = try await InitTests.initialised(["--control-plane-nodes", "3", "--control-plane-endpoint", "lb.example:8443"])
        defer { workspace.remove() }
        let config = try await workspace.kubesim(
            ["get", "configmap", "kubeadm-config", "-n", "kube-system", "-o", "jsonpath={.data.ClusterConfiguration}"])
        #expect(config.stdout.contains("controlPlaneEndpoint: lb.example:8443"), "\(config)")

        let refused = try KubectlWorkspace(bare: false)
        defer { refused.remove() }
        let result = try await refused.kubesim(["init", "--control-plane-nodes", "3", "--control-plane-endpoint", "lb.example"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--control-plane-endpoint"), "\(result)")
        #expect(!FileManager.default.fileExists(atPath: "\(refused.dataDirectory)/nodes"))
    }

    @Test func eachMemberHasItsOwnServerAndPeerCertificateForItsNameAndAddress() async throws {
        let openssl = "/usr/bin/openssl"
        try #require(FileManager.default.isExecutableFile(atPath: openssl), "needs openssl to read the certificates")
        let workspace = try await Self.initialised()
        defer { workspace.remove() }
        for (node, address) in zip(Self.nodes, Self.addresses) {
            for file in ["server", "peer"] {
                let path = "\(workspace.dataDirectory)/nodes/\(node)/pki/etcd/\(file).crt"
                let text = try await CommandRunner.run(
                    openssl, ["x509", "-in", path, "-noout", "-subject", "-ext", "subjectAltName,extendedKeyUsage"])
                #expect(text.status == 0, "\(text)")
                #expect(text.stdout.contains("CN=\(node)") || text.stdout.contains("CN = \(node)"), "\(text.stdout)")
                for name in ["DNS:\(node)", "DNS:localhost", "IP Address:\(address)", "IP Address:127.0.0.1"] {
                    #expect(text.stdout.contains(name), "\(path): \(text.stdout)")
                }
                #expect(text.stdout.contains("TLS Web Server Authentication, TLS Web Client Authentication"))
                let verified = try await CommandRunner.run(
                    openssl, ["verify", "-CAfile", "\(workspace.dataDirectory)/pki/etcd/ca.crt", path])
                #expect(verified.status == 0, "\(verified)")
            }
        }
    }
}
