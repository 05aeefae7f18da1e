import EtcdPKI
import Foundation
import Testing

/// Snapshots between KubeSim and the real etcd 3.4 (Debian's etcd and etcdctl), judged by the real tools: what
/// one side saves, the other restores and serves with the same keys, values, revisions and versions.
@Suite(
    .serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: kubesimExecutable), "needs the kubesim product"),
    .enabled(if: Etcdctl.isInstalled, "needs /usr/bin/etcdctl"),
    .enabled(if: RealEtcd.isInstalled, "needs /usr/bin/etcd"))
struct SnapshotInteropTests {
    /// `etcdctl get -w json`, without the member's identity (cluster and member ids, raft term).
    struct GetOutput: Decodable, Equatable {
        struct Header: Decodable, Equatable { var revision: Int64 }
        struct KV: Decodable, Equatable {
            var key: String
            var create_revision: Int64?
            var mod_revision: Int64?
            var version: Int64?
            var value: String?
            var lease: Int64?
        }
        var header: Header
        var kvs: [KV]?
        var count: Int64?
    }

    static func decode(_ result: ProcessResult) throws -> GetOutput {
        try JSONDecoder().decode(GetOutput.self, from: Data(result.stdout.utf8))
    }

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-snapinterop-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func kubesim(_ arguments: [String]) async throws -> ProcessResult {
        try await runProcess(kubesimExecutable, arguments)
    }

    /// Puts, overwrites, a two-key transaction, a lease with a key, deletions and a compaction, through etcdctl;
    /// returns the revisions still readable to compare at.
    static func workload(_ flags: [String]) async throws -> [Int64] {
        for index in 0..<24 {
            let put = try await Etcdctl.run(flags, ["put", "/registry/snap/k\(index % 7)", "value \(index)"])
            #expect(put.status == 0, "\(put.stderr)")
        }
        let txn = try await Etcdctl.run(
            flags, ["txn"], input: "\nput /registry/snap/txn-a A\nput /registry/snap/txn-b B\n\n\n")
        #expect(txn.status == 0, "\(txn.stderr)")
        // Enough keys for several leaves under a branch page, and a value that spans overflow pages.
        for batch in 0..<2 {
            let puts = (0..<100).map { "put /registry/snap/bulk/\(batch)-\($0) \(String(repeating: "v", count: 300))" }
            let bulk = try await Etcdctl.run(flags, ["txn"], input: "\n" + puts.joined(separator: "\n") + "\n\n\n")
            #expect(bulk.status == 0, "\(bulk.stderr)")
        }
        #expect(try await Etcdctl.run(flags, ["put", "/registry/snap/large", String(repeating: "L", count: 20_000)]).status == 0)
        let grant = try await Etcdctl.run(flags, ["lease", "grant", "600"])
        let lease = try #require(grant.stdout.split(separator: " ").dropFirst().first.map(String.init), "\(grant.stderr)")
        #expect(try await Etcdctl.run(flags, ["put", "/registry/snap/leased", "L", "--lease=\(lease)"]).status == 0)
        #expect(try await Etcdctl.run(flags, ["del", "/registry/snap/k3"]).status == 0)
        let middle = try decode(try await Etcdctl.run(flags, ["get", "/registry", "--prefix", "-w", "json"])).header.revision
        #expect(try await Etcdctl.run(flags, ["compaction", String(middle - 10)]).status == 0)
        #expect(try await Etcdctl.run(flags, ["put", "/registry/snap/k1", "after the compaction"]).status == 0)
        #expect(try await Etcdctl.run(flags, ["del", "/registry/snap/k5"]).status == 0)
        return [middle - 10, middle - 3, middle]
    }

    /// Both sides list the same keys at each revision, and both refuse the compacted one.
    static func expectSameKeys(
        _ left: ([String]) async throws -> ProcessResult, _ right: ([String]) async throws -> ProcessResult,
        revisions: [Int64]
    ) async throws {
        var largest = 0
        for revision in revisions {
            let arguments = ["get", "/registry", "--prefix", "-w", "json", "--rev=\(revision)"]
            let expected = try await left(arguments)
            let actual = try await right(arguments)
            #expect(expected.status == 0 && actual.status == 0, "\(expected.stderr) \(actual.stderr)")
            let expectedOutput = try decode(expected)
            #expect(try decode(actual) == expectedOutput, "at revision \(revision)")
            largest = max(largest, (expectedOutput.kvs ?? []).count)
        }
        #expect(largest > 200, "the bulk keys are compared")
        let compacted = revisions[0] - 1
        let arguments = ["get", "/registry", "--prefix", "--rev=\(compacted)"]
        #expect(try await left(arguments).stderr.contains("required revision has been compacted"))
        #expect(try await right(arguments).stderr.contains("required revision has been compacted"))
    }

    @Test func kubesimsSnapshotRestoresIntoTheRealEtcd() async throws {
        let serving = try await ServeCommandTests.Serving.start(["--no-controllers"])
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let pki = serving.pki
        let flags = [
            "--endpoints=\(serving.endpoint)", "--cacert", pki.caCertificate, "--cert", pki.serverCertificate, "--key",
            pki.serverKey,
        ]
        let revisions: [Int64]
        let clusterBefore: String
        do {
            // A Deployment and a Pod through the API server, then the etcd-level workload.
            let kubeconfig = serving.dataDirectory + "/admin.conf"
            #expect(try await Self.kubectl(kubeconfig, ["create", "deployment", "web", "--image=nginx"]).status == 0)
            // No service-account controller runs here (`--no-controllers`): the admission plugin needs the account.
            #expect(try await Self.kubectl(kubeconfig, ["create", "serviceaccount", "default"]).status == 0)
            #expect(try await Self.kubectl(kubeconfig, ["run", "p", "--image=busybox"]).status == 0)
            clusterBefore = try await Self.kubectl(kubeconfig, Self.clusterView).stdout
            revisions = try await Self.workload(flags)
        } catch {
            await serving.stop()
            throw error
        }
        let path = scratch + "/kubesim.db"
        let save = try await Etcdctl.run(flags, ["snapshot", "save", path])
        #expect(save.status == 0, "\(save.stderr)")

        // The real etcdctl reads it as etcd's own, with the same figures kubesim reports.
        let realStatus = try await Etcdctl.run([], ["snapshot", "status", path, "-w", "json"])
        #expect(realStatus.status == 0, "\(realStatus.stderr)")
        // The snapshot is at the revision the store had then (the API server may write after it).
        let status = try JSONSerialization.jsonObject(with: Data(realStatus.stdout.utf8)) as? [String: Any]
        let snapshotRevision = try #require((status?["revision"] as? NSNumber)?.int64Value)
        #expect(snapshotRevision >= revisions[2] + 2)
        #expect(try await Self.kubesim(["etcdctl", "snapshot", "status", path, "-w", "json"]).stdout == realStatus.stdout)
        let realTable = try await Etcdctl.run([], ["snapshot", "status", path, "-w", "table"])
        #expect(try await Self.kubesim(["etcdctl", "snapshot", "status", path, "-w", "table"]).stdout == realTable.stdout)

        // The real etcd serves the restored copy with the same keys, values, revisions and versions.
        let etcd: RealEtcd
        do {
            etcd = try await RealEtcd(restoring: path)
        } catch {
            await serving.stop()
            throw error
        }
        let leases = try await Etcdctl.run(etcd.etcdctlFlags, ["lease", "list"])
        #expect(leases.stdout == (try await Etcdctl.run(flags, ["lease", "list"])).stdout)
        try await Self.expectSameKeys(
            { try await Etcdctl.run(flags, $0) }, { try await Etcdctl.run(etcd.etcdctlFlags, $0) },
            revisions: revisions + [snapshotRevision])

        // kube-apiserver's role on the restored etcd: `kubesim serve --etcd-servers` answers with the same cluster.
        let apiDirectory = scratch + "/api"
        let api = try BackgroundProcess(
            kubesimExecutable,
            ["serve", "--data-dir", apiDirectory, "--bare", "--no-controllers", "--port", "0", "--etcd-port", "0", "--etcd-servers", etcd.endpoint])
        if await api.waitFor({ $0.contains("the registry is stored in etcd") }) {
            let clusterAfter = try await Self.kubectl(apiDirectory + "/admin.conf", Self.clusterView)
            #expect(clusterAfter.stdout == clusterBefore, "\(clusterAfter.stderr)")
            #expect(clusterBefore.contains("deployment.apps/web") && clusterBefore.contains("pod/p"), "\(clusterBefore)")
        } else {
            Issue.record("serve --etcd-servers did not start: \(api.stdout)\(api.stderr)")
        }
        await api.stop(SIGTERM)
        await etcd.stop()
        await serving.stop()
    }

    /// What `kubectl get deploy,pods -A` names, as the real kubectl sees it (kubesim's own client without one).
    static let clusterView = ["get", "deploy,pods,namespaces", "-A", "-o", "name"]

    static func kubectl(_ kubeconfig: String, _ arguments: [String]) async throws -> ProcessResult {
        let kubectl = "/usr/bin/kubectl"
        if FileManager.default.isExecutableFile(atPath: kubectl) {
            return try await runProcess(kubectl, ["--kubeconfig", kubeconfig] + arguments)
        }
        return try await runProcess(kubesimExecutable, ["--kubeconfig", kubeconfig] + arguments)
    }

    @Test func theRealEtcdsSnapshotRestoresIntoKubesim() async throws {
        let etcd = try await RealEtcd()
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let revisions: [Int64]
        do {
            revisions = try await Self.workload(etcd.etcdctlFlags)
        } catch {
            await etcd.stop()
            throw error
        }
        let path = scratch + "/etcd.db"
        let save = try await Etcdctl.run(etcd.etcdctlFlags, ["snapshot", "save", path])
        #expect(save.status == 0, "\(save.stderr)")

        // kubesim reads the real snapshot's status exactly as etcdctl does (CRC-32C, revision, keys, size).
        for format in ["json", "table"] {
            let real = try await Etcdctl.run([], ["snapshot", "status", path, "-w", format])
            #expect(try await Self.kubesim(["etcdctl", "snapshot", "status", path, "-w", format]).stdout == real.stdout)
        }
        let dataDirectory = scratch + "/restored"
        let restore = try await Self.kubesim(["etcdctl", "snapshot", "restore", path, "--data-dir", dataDirectory])
        #expect(restore.status == 0, "\(restore.stderr)")
        let leases = try await Self.kubesim(["etcdctl", "lease", "list", "--data-dir", dataDirectory])
        #expect(leases.stdout == (try await Etcdctl.run(etcd.etcdctlFlags, ["lease", "list"])).stdout)
        try await Self.expectSameKeys(
            { try await Etcdctl.run(etcd.etcdctlFlags, $0) },
            { try await Self.kubesim(["etcdctl"] + $0 + ["--data-dir", dataDirectory]) }, revisions: revisions + [0])
        await etcd.stop()
    }

    @Test func aDamagedSnapshotIsRefusedAndNoDataDirectoryIsMade() async throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let source = scratch + "/source"
        #expect(try await Self.kubesim(["etcdctl", "put", "/registry/a", "1", "--data-dir", source, "--bare"]).status == 0)
        let path = scratch + "/snap.db"
        #expect(try await Self.kubesim(["etcdctl", "snapshot", "save", path, "--data-dir", source]).status == 0)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes.removeLast(1000)
        try bytes.write(to: URL(fileURLWithPath: path + ".cut"))
        let target = scratch + "/restored"
        let cut = try await Self.kubesim(["etcdctl", "snapshot", "restore", path + ".cut", "--data-dir", target])
        #expect(cut.status != 0)
        #expect(cut.stderr.contains(path + ".cut") && cut.stderr.contains("missing hash"), "\(cut.stderr)")
        let skipped = try await Self.kubesim(
            ["etcdctl", "snapshot", "restore", path + ".cut", "--data-dir", target, "--skip-hash-check"])
        #expect(skipped.status != 0)
        #expect(skipped.stderr.contains("database"), "\(skipped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))
        // A file cut inside its first pages: the real etcdctl and kubesim both refuse its status.
        try bytes.prefix(6000).write(to: URL(fileURLWithPath: path + ".head"))
        #expect(try await Etcdctl.run([], ["snapshot", "status", path + ".head"]).status != 0)
        let status = try await Self.kubesim(["etcdctl", "snapshot", "status", path + ".head"])
        #expect(status.status != 0 && status.stderr.contains(path + ".head"), "\(status.stderr)")
    }
}
