import Foundation

/// What `kubesim cluster up` started, kept in `<data-dir>/cluster/cluster.json` for the other `cluster` verbs:
/// each process's role, name, command line, log and pid file, and the addresses a learner connects to.
struct ClusterState: Codable, Sendable {
    /// One process of the running cluster.
    struct Component: Codable, Sendable {
        enum Role: String, Codable, Sendable {
            case etcd, api, balancer
        }

        var role: Role
        /// `controlplane01` for an etcd member, `1` for the first API server, `haproxy` for the balancer.
        var name: String
        var executable: String
        var arguments: [String]
        var log: String
        var pidFile: String
        /// The address it serves (etcd's client URL, an API server's or the balancer's URL).
        var url: String
    }

    var components: [Component]
    /// The load balancer's URL: the cluster's `controlPlaneEndpoint`.
    var balancerURL: String
    /// The etcd client URLs, comma-separated (`--etcd-servers`, etcdctl's `--endpoints`).
    var etcdEndpoints: String
    /// The etcd PKI directory (`ca.crt`, `server.crt`, `server.key`).
    var etcdPKI: String
    /// The kubeconfig that reaches the cluster through the balancer.
    var kubeconfig: String

    /// `<data-dir>/cluster`.
    static func directory(_ dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("cluster").path
    }

    static func file(_ dataDirectory: String) -> String {
        URL(fileURLWithPath: directory(dataDirectory)).appendingPathComponent("cluster.json").path
    }

    /// The state of the cluster started on `dataDirectory`, or a clear error when none was.
    static func load(_ dataDirectory: String) throws -> ClusterState {
        let path = file(dataDirectory)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("no cluster was started on \(dataDirectory) (\(path) is missing): run kubesim cluster up first")
        }
        do {
            return try JSONDecoder().decode(ClusterState.self, from: data)
        } catch {
            throw CommandError("\(path): not a kubesim cluster state file: \(error)")
        }
    }

    func save(_ dataDirectory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.file(dataDirectory)))
    }

    /// The component `role`/`name`, or an error listing those there are.
    func component(_ role: Component.Role, _ name: String) throws -> Component {
        if let found = components.first(where: { $0.role == role && $0.name == name }) { return found }
        let names = components.filter { $0.role == role }.map(\.name).joined(separator: ", ")
        throw CommandError("no \(role.rawValue) \(name) in this cluster (there are: \(names))")
    }

    /// etcdctl's flags for the cluster's members.
    var etcdctlFlags: String {
        "--endpoints=\(etcdEndpoints) --cacert=\(etcdPKI)/ca.crt --cert=\(etcdPKI)/server.crt --key=\(etcdPKI)/server.key"
    }
}
