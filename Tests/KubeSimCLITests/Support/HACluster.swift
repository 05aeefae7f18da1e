import Foundation

/// `kubesim init --control-plane-nodes 3` then `kubesim cluster up` on a fresh data directory (3 real etcd members
/// under the seeded nodes' names, 2 `kubesim serve`, haproxy), driven as a
/// learner would: the real kubectl through the balancer, the real etcdctl with the cluster's TLS files, and
/// `kubesim cluster kill|restart|down`. Stopped by `kubesim cluster down`, which stops every process by its pid.
final class HACluster: @unchecked Sendable {
    static var toolsInstalled: Bool {
        ["/usr/bin/etcd", "/usr/bin/etcdctl", "/usr/sbin/haproxy", ServedCluster.kubectlPath].allSatisfy {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    let workspace: KubectlWorkspace
    var dataDirectory: String { workspace.dataDirectory }
    var clusterDirectory: String { "\(dataDirectory)/cluster" }
    var kubeconfig: String { "\(clusterDirectory)/admin.conf" }
    var pki: String { "\(dataDirectory)/pki/etcd" }
    let upOutput: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() async throws {
        workspace = try KubectlWorkspace(bare: false)
        let initialised = try await workspace.kubesim(["init", "--control-plane-nodes", "3"])
        guard initialised.status == 0 else {
            workspace.remove()
            throw Failure(description: "kubesim init --control-plane-nodes 3 failed: \(initialised)")
        }
        let up = try await CommandRunner.run(
            KubeSimBinary.path, ["cluster", "up", "--data-dir", workspace.dataDirectory], timeout: .seconds(240))
        upOutput = up.stdout + up.stderr
        guard up.status == 0 else {
            _ = try? await CommandRunner.run(KubeSimBinary.path, ["cluster", "down", "--data-dir", workspace.dataDirectory])
            workspace.remove()
            throw Failure(description: "kubesim cluster up failed: \(up)")
        }
    }

    static func with(_ body: (HACluster) async throws -> Void) async throws {
        let cluster = try await HACluster()
        do {
            try await body(cluster)
            await cluster.down()
        } catch {
            await cluster.down()
            throw error
        }
    }

    func down() async {
        _ = try? await cluster(["down"])
        workspace.remove()
    }

    func cluster(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner.run(
            KubeSimBinary.path, ["cluster"] + arguments + ["--data-dir", dataDirectory], timeout: .seconds(120))
    }

    func kubectl(
        _ arguments: [String], stdin: String? = nil, interruptAfter: Duration? = nil,
        interruptWhen: (@Sendable (String) -> Bool)? = nil, timeout: Duration = .seconds(120)
    ) async throws -> CommandResult {
        try await CommandRunner.run(
            ServedCluster.kubectlPath,
            ["--kubeconfig", kubeconfig, "--cache-dir", "\(workspace.directory.path)/kube-cache"] + arguments, stdin: stdin,
            interruptAfter: interruptAfter, interruptWhen: interruptWhen, timeout: timeout)
    }

    /// `kubectl apply -f <folder>` until it succeeds (at most 30 s), as on a real cluster: a custom resource
    /// applies once its CRD is served, a pod once the service-account controller made its namespace's `default`.
    func apply(_ folder: String) async throws -> CommandResult {
        var result = try await kubectl(["apply", "-f", folder])
        let deadline = ContinuousClock.now + .seconds(30)
        while result.status != 0 && ContinuousClock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            result = try await kubectl(["apply", "-f", folder])
        }
        return result
    }

    /// The etcd client URLs of the members.
    func endpoints() throws -> String {
        let state = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: "\(clusterDirectory)/cluster.json"))) as? [String: Any]
        return state?["etcdEndpoints"] as? String ?? ""
    }

    func etcdctl(_ arguments: [String], endpoints: String? = nil) async throws -> CommandResult {
        try await CommandRunner.run(
            "/usr/bin/etcdctl",
            [
                "--endpoints=\(try endpoints ?? self.endpoints())", "--cacert=\(pki)/ca.crt", "--cert=\(pki)/server.crt",
                "--key=\(pki)/server.key", "--command-timeout=5s",
            ] + arguments, environment: ["ETCDCTL_API": "3"])
    }

    /// The members' names and client URLs, from `etcdctl member list`.
    func members() async throws -> [(name: String, url: String)] {
        let list = try await etcdctl(["member", "list"])
        // id, status, name, peer URLs, client URLs, is learner
        return list.stdout.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return cells.count >= 5 ? (cells[2], cells[4]) : nil
        }
    }

    /// The name of the Raft leader, asked of the members given.
    func leader(among members: [(name: String, url: String)]) async throws -> String? {
        let status = try await etcdctl(["endpoint", "status", "-w", "table"], endpoints: members.map(\.url).joined(separator: ","))
        for line in status.stdout.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 4, cells[4] == "true" else { continue }
            return members.first { $0.url == cells[0] }?.name
        }
        return nil
    }

    /// The API server (`1`, `2`) whose log names `identity` as the one that acquired a Lease.
    func apiServer(holding identity: String) -> String? {
        for name in ["1", "2", "3"] {
            let log = (try? String(contentsOfFile: "\(clusterDirectory)/logs/apiserver-\(name).log", encoding: .utf8)) ?? ""
            if log.contains(identity) { return name }
        }
        return nil
    }
}
