import Foundation
import Testing

@testable import KubeSimCLI

/// What `kubesim cluster up` would run, without running it: the tools it needs and the members' and servers' flags.
struct ClusterPlanTests {
    @Test func upNamesEveryMissingToolAndItsPackage() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("no-tools-\(UUID().uuidString)").path
        // A PATH without etcd (haproxy may still be found in /usr/sbin, which is always looked at).
        let error = #expect(throws: CommandError.self) { try ClusterTools.find(environment: ["PATH": directory]) }
        let message = "\(error.map { String(describing: $0) } ?? "")"
        #expect(message.contains("etcd, etcdctl"))
        #expect(message.contains("apt-get install -y etcd-server etcd-client"))
    }

    @Test func membersAreJoinedWithInitialClusterUnderTheStaticPodsNames() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(directory)/cluster", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tools = ClusterTools(etcd: "/usr/bin/etcd", etcdctl: "/usr/bin/etcdctl", haproxy: "/usr/sbin/haproxy")
        let state = try ClusterPlan(dataDirectory: directory, tools: tools, members: 3, apiServers: 2).state()
        let members = state.components.filter { $0.role == .etcd }
        #expect(members.map(\.name) == ["controlplane01", "controlplane02", "controlplane03"])
        let initialCluster = try #require(members[0].arguments.first { $0.hasPrefix("--initial-cluster=") })
        #expect(initialCluster.contains("controlplane01=https://127.0.0.1:"))
        #expect(initialCluster.split(separator: ",").count == 3)
        #expect(members.allSatisfy { $0.arguments.contains("--peer-client-cert-auth=true") && $0.arguments.contains("--client-cert-auth=true") })
        let servers = state.components.filter { $0.role == .api }
        #expect(servers.count == 2)
        #expect(servers.allSatisfy { $0.arguments.contains(state.etcdEndpoints) && state.etcdEndpoints.split(separator: ",").count == 3 })
        let config = try String(contentsOfFile: "\(directory)/cluster/haproxy.cfg", encoding: .utf8)
        #expect(config.contains("mode tcp"))
        #expect(config.components(separatedBy: "    server apiserver-").count == 3)
    }

    @Test func membersTakeTheSeededNamesAndTheirOwnCertificatesWhereInitIssuedThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: "\(directory)/cluster", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Only cp-a's own certificates exist (as `kubesim init --control-plane-nodes` leaves them); cp-b has none.
        let own = "\(directory)/nodes/cp-a/pki/etcd"
        try FileManager.default.createDirectory(atPath: own, withIntermediateDirectories: true)
        for file in ["server.crt", "server.key", "peer.crt", "peer.key"] {
            #expect(FileManager.default.createFile(atPath: "\(own)/\(file)", contents: Data()))
        }
        let tools = ClusterTools(etcd: "/usr/bin/etcd", etcdctl: "/usr/bin/etcdctl", haproxy: "/usr/sbin/haproxy")
        let state = try ClusterPlan(dataDirectory: directory, tools: tools, memberNames: ["cp-a", "cp-b"], apiServers: 1).state()
        let members = state.components.filter { $0.role == .etcd }
        #expect(members.map(\.name) == ["cp-a", "cp-b"])
        #expect(members[0].arguments.contains("--name=cp-a"))
        #expect(members[0].arguments.contains("--cert-file=\(own)/server.crt"))
        #expect(members[0].arguments.contains("--peer-key-file=\(own)/peer.key"))
        #expect(members[1].arguments.contains("--cert-file=\(directory)/pki/etcd/server.crt"))
        #expect(members[1].arguments.contains("--peer-cert-file=\(directory)/pki/etcd/peer.crt"))
    }
}
