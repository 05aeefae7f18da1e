import Foundation
import Synchronization
import Testing

/// Issue 20's acceptance: `kubesim init --control-plane-nodes 3` then `kubesim cluster up` (3 real etcd members, 2 `kubesim serve` behind haproxy) broken as
/// the lesson breaks it, with the real kubectl and etcdctl.
@Suite(
    .serialized,
    .enabled(
        if: HACluster.toolsInstalled,
        "needs etcd, etcdctl (Debian's etcd-server, etcd-client), haproxy and kubectl: apt-get install -y etcd-server etcd-client haproxy"))
struct HAClusterInteropTests {
    /// The repository's `manifests/` folder.
    static let manifests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("manifests").path

    @Test func membersAreListedUnderTheStaticPodsNames() async throws {
        try await HACluster.with { cluster in
            let table = try await cluster.etcdctl(["member", "list", "-w", "table"])
            #expect(table.status == 0, "\(table)")
            let pods = try await cluster.kubectl(["get", "pods", "-n", "kube-system", "-o", "name"])
            #expect(pods.status == 0, "\(pods)")
            for name in ["controlplane01", "controlplane02", "controlplane03"] {
                #expect(table.stdout.contains("| \(name) |"), "\(table.stdout)")
                // The lesson's HA view: the static pods carry the names the members answer to.
                for component in ["etcd", "kube-apiserver"] {
                    #expect(pods.stdout.contains("pod/\(component)-\(name)\n"), "\(pods.stdout)")
                }
            }
            let applied = try await cluster.apply(Self.manifests)
            #expect(applied.status == 0, "\(applied)")
        }
    }

    @Test func upRefusesAMembersCountTheSeededClusterContradictsAndWritesNothing() async throws {
        let workspace = try KubectlWorkspace(bare: false)
        defer { workspace.remove() }
        let initialised = try await workspace.kubesim(["init", "--control-plane-nodes", "3", "--workers", "0"])
        #expect(initialised.status == 0, "\(initialised)")
        let up = try await workspace.kubesim(["cluster", "up", "--members", "5"])
        #expect(up.status != 0)
        #expect(up.stderr.contains("holds a cluster of 3 etcd members (controlplane01, controlplane02, controlplane03)"), "\(up)")
        #expect(!FileManager.default.fileExists(atPath: "\(workspace.dataDirectory)/cluster"))
    }

    @Test func writesSurviveTheEtcdLeadersDeathAndAWatchSeesEachOnce() async throws {
        try await HACluster.with { cluster in
            #expect(try await cluster.apply(Self.manifests).status == 0)
            #expect(try await cluster.kubectl(["create", "namespace", "ha"]).status == 0)
            // A watch over the whole run, through the balancer.
            // It is stopped once it has printed every acknowledged create, or a minute after the last one.
            let awaited = Mutex<(lines: Set<String>, giveUpAt: ContinuousClock.Instant)?>(nil)
            let watch = Task {
                try await cluster.kubectl(
                    [
                        "get", "configmaps", "-n", "ha", "-w", "-o",
                        "jsonpath={.metadata.name} {.metadata.resourceVersion}{\"\\n\"}",
                    ], interruptAfter: .seconds(900),
                    interruptWhen: { output in
                        guard let awaited = awaited.withLock({ $0 }) else { return false }
                        return ContinuousClock.now > awaited.giveUpAt
                            || awaited.lines.isSubset(of: output.split(separator: "\n").map(String.init))
                    },
                    timeout: .seconds(960))
            }
            try await Task.sleep(for: .seconds(2))
            let members = try await cluster.members()
            #expect(members.count == 3)
            let killed = Mutex<String?>(nil)
            let acknowledged = Mutex<[String: String]>([:])
            let errors = Mutex<[String]>([])
            let writer = Task {
                for batch in 0..<10 {
                    let documents = (0..<100).map { index in
                        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-\(batch * 100 + index)\n  namespace: ha\ndata:\n  n: \"\(index)\"\n"
                    }
                    let result = try await cluster.kubectl(
                        ["create", "-f", "-", "-o", "jsonpath={.metadata.name} {.metadata.resourceVersion}{\"\\n\"}"],
                        stdin: documents.joined(separator: "---\n"), timeout: .seconds(300))
                    for line in result.stdout.split(separator: "\n") {
                        let parts = line.split(separator: " ")
                        if parts.count == 2 { acknowledged.withLock { $0[String(parts[0])] = String(parts[1]) } }
                    }
                    errors.withLock { $0 += result.stderr.split(separator: "\n").map(String.init) }
                }
            }
            while acknowledged.withLock({ $0.count }) < 250 { try await Task.sleep(for: .milliseconds(50)) }
            let leader = try #require(try await cluster.leader(among: members))
            let kill = try await cluster.cluster(["kill", "etcd", leader])
            #expect(kill.status == 0, "\(kill)")
            killed.withLock { $0 = leader }
            try await writer.value
            let survivors = members.filter { $0.name != leader }
            let newLeader = try await cluster.leader(among: survivors)
            #expect(newLeader != nil && newLeader != leader)

            let written = acknowledged.withLock { $0 }
            let failures = errors.withLock { $0 }
            print("HA: \(written.count) of 1000 creates acknowledged, \(failures.count) kubectl errors, leader \(leader) -> \(newLeader ?? "none")")
            for line in failures.prefix(5) { print("HA: kubectl: \(line)") }
            #expect(written.count + failures.count >= 1000 - 5)
            #expect(failures.count <= 20, "\(failures)")
            #expect(failures.allSatisfy { $0.contains("etcd") || $0.contains("timed out") || $0.contains("leader") }, "\(failures)")
            // No acknowledged write is lost.
            let stored = try await cluster.kubectl(["get", "configmaps", "-n", "ha", "-o", "name"])
            let names = Set(stored.stdout.split(separator: "\n").map { String($0.dropFirst("configmap/".count)) })
            #expect(Set(written.keys).subtracting(names).isEmpty, "lost: \(Set(written.keys).subtracting(names).sorted())")

            // The watch saw every acknowledged create once, and no revision twice.
            let expected = Set(written.map { "\($0.key) \($0.value)" })
            awaited.withLock { $0 = (expected, ContinuousClock.now + .seconds(60)) }
            let seen = try await watch.value.stdout.split(separator: "\n").map(String.init)
            #expect(Set(seen).count == seen.count, "a revision delivered twice")
            #expect(expected.subtracting(seen).isEmpty, "missed: \(expected.subtracting(seen).count)")
            _ = try await cluster.cluster(["restart", "etcd", leader])
        }
    }

    @Test func theControllerLeaseMovesWhenItsAPIServerDiesAndQuorumLossRefusesWrites() async throws {
        try await HACluster.with { cluster in
            #expect(try await cluster.apply(Self.manifests).status == 0)
            func holder() async throws -> String {
                try await cluster.kubectl(
                    ["get", "lease", "-n", "kube-system", "kube-controller-manager", "-o", "jsonpath={.spec.holderIdentity}"]
                ).stdout
            }
            // Wait until one of the servers holds the Lease (the seeded holder expires after 15 s).
            var first = ""
            for _ in 0..<60 {
                first = try await holder()
                if cluster.apiServer(holding: first) != nil { break }
                try await Task.sleep(for: .seconds(1))
            }
            let server = try #require(cluster.apiServer(holding: first), "no server holds the Lease: \(first)")
            #expect(try await cluster.cluster(["kill", "api", server]).status == 0)
            let killedAt = ContinuousClock.now
            var next = first
            while next == first || next.isEmpty, ContinuousClock.now - killedAt < .seconds(60) {
                try await Task.sleep(for: .milliseconds(250))
                next = (try? await holder()) ?? first
            }
            let moved = ContinuousClock.now - killedAt
            print("HA: kube-controller-manager Lease moved from \(first) to \(next) in \(moved)")
            #expect(next != first && cluster.apiServer(holding: next) != nil)
            // client-go's bound: a candidate sees the last renewal up to one jittered retry (2 s × up to 2.2) after
            // it was made, waits the 15 s lease from then, and tries again up to one jittered retry later: 23.8 s
            // after the death at most, plus the poll through the balancer.
            #expect(moved < .seconds(26))

            // The new leader's loops act: a Deployment scaled now gets its pods.
            #expect(try await cluster.kubectl(["scale", "deployment", "web", "-n", "shop", "--replicas=4"]).status == 0)
            var pods = 0
            for _ in 0..<60 where pods < 4 {
                try await Task.sleep(for: .seconds(1))
                let listed = try await cluster.kubectl(
                    ["get", "pods", "-n", "shop", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}"])
                pods = listed.stdout.split(separator: "\n").filter { !$0.isEmpty }.count
            }
            #expect(pods == 4, "scheduled web pods: \(pods)")

            // Two of three members down: writes fail with etcd's error, and recover when one returns.
            let members = try await cluster.members()
            for member in members.dropFirst() { _ = try await cluster.cluster(["kill", "etcd", member.name]) }
            let refused = try await cluster.kubectl(["create", "configmap", "no-quorum", "-n", "shop"], timeout: .seconds(90))
            print("HA: without quorum: \(refused.stderr)")
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("etcdserver"), "\(refused)")
            #expect(try await cluster.cluster(["restart", "etcd", members[1].name]).status == 0)
            var recovered = false
            for _ in 0..<30 where !recovered {
                recovered = try await cluster.kubectl(["create", "configmap", "quorum-back", "-n", "shop"]).status == 0
                if !recovered { try await Task.sleep(for: .seconds(1)) }
            }
            #expect(recovered)
        }
    }
}
