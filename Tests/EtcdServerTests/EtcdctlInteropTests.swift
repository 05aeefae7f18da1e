import EtcdCore
import EtcdPKI
import EtcdSnapshot
import Foundation
import Testing

/// The real etcdctl 3.4 (Debian's etcd-client) against the in-process server, with and without TLS: the
/// lesson's command and the other commands the issue names.
@Suite(.serialized, .enabled(if: Etcdctl.isInstalled, "needs /usr/bin/etcdctl (apt-get install etcd-client)"))
struct EtcdctlInteropTests {
    private static let registry = [
        "/registry/deployments/default/web", "/registry/pods/default/web-1", "/registry/pods/default/web-2",
        "/registry/services/specs/default/kubernetes",
    ]

    private func seed(_ server: TestServer) async throws {
        for name in Self.registry {
            _ = try await server.store.put(PutRequest(key: key(name), value: key("{\"kind\":\"x\"}")))
        }
    }

    @Test(arguments: [false, true])
    func lessonCommandListsRegistryKeys(tls: Bool) async throws {
        try await withTestServer(tls: tls) { server in
            try await seed(server)
            let result = try await Etcdctl.run(server.etcdctlFlags, ["get", "/", "--prefix", "--keys-only", "--limit=10"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == Self.registry.map { $0 + "\n\n" }.joined())
        }
    }

    @Test(arguments: [false, true])
    func endpointHealthIsHealthy(tls: Bool) async throws {
        try await withTestServer(tls: tls) { server in
            let result = try await Etcdctl.run(server.etcdctlFlags, ["endpoint", "health"])
            #expect(result.status == 0, "\(result.stderr)")
            // etcdctl 3.4 prints health to standard error.
            #expect((result.stdout + result.stderr).contains("\(server.endpoint) is healthy: successfully committed proposal: took = "))
        }
    }

    @Test(arguments: [false, true])
    func endpointStatusTableShowsTheMember(tls: Bool) async throws {
        try await withTestServer(tls: tls) { server in
            let result = try await Etcdctl.run(server.etcdctlFlags, ["endpoint", "status", "-w", "table"])
            #expect(result.status == 0, "\(result.stderr)")
            let id = String(server.store.memberID, radix: 16)
            let row = try #require(result.stdout.split(separator: "\n").first { $0.contains(server.endpoint) })
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            // ENDPOINT, ID, VERSION, DB SIZE, IS LEADER, IS LEARNER, RAFT TERM, RAFT INDEX, RAFT APPLIED INDEX, ERRORS
            #expect(cells.count == 10)
            #expect(cells[1] == id)
            #expect(cells[2] == "3.5.17")
            #expect(cells[3].hasSuffix("kB"))
            #expect(cells[4] == "true" && cells[5] == "false")
            #expect(cells[9] == "")
        }
    }

    @Test(arguments: [false, true])
    func memberListTableShowsOneStartedMember(tls: Bool) async throws {
        try await withTestServer(tls: tls) { server in
            let result = try await Etcdctl.run(server.etcdctlFlags, ["member", "list", "-w", "table"])
            #expect(result.status == 0, "\(result.stderr)")
            // etcdctl pads the table's cells to their column's width; compare the cells.
            let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("|") }.map { row in
                row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            #expect(rows.first == ["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"], "\(result.stdout)")
            #expect(rows.count == 2)
            let id = String(server.store.memberID, radix: 16)
            #expect(result.stdout.contains("| \(id) | started | default |"))
            #expect(result.stdout.contains(server.endpoint))
        }
    }

    @Test(arguments: [false, true])
    func snapshotSaveWritesAVerifiedSnapshot(tls: Bool) async throws {
        try await withTestServer(tls: tls) { server in
            try await seed(server)
            let path = server.directory + "/saved.db"
            let result = try await Etcdctl.run(server.etcdctlFlags, ["snapshot", "save", path])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("Snapshot saved at \(path)"))
            let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(size % 512 == 32)
            // The snapshot restores into a store holding the same keys.
            let restored = server.directory + "/restored"
            try SnapshotImporter.restore(path: path, toDataDirectory: restored)
            let store = try SQLiteStore.open(dataDirectory: restored)
            let keys = try await store.range(RangeRequest(key: Data([0]), rangeEnd: Data([0]), keysOnly: true)).kvs
            await store.close()
            #expect(keys.map(\.key.text) == Self.registry)
        }
    }

    @Test(arguments: [false, true])
    func watchPrefixPrintsEachChange(tls: Bool) async throws {
        try await withTestServer(tls: tls) { server in
            let watcher = try BackgroundProcess(
                Etcdctl.path, server.etcdctlFlags + ["watch", "--prefix", "/registry"], environment: ["ETCDCTL_API": "3"])
            // Write a marker until the watch reports it: then etcdctl's watch exists.
            var ready = false
            for _ in 0..<100 where !ready {
                _ = try await server.store.put(PutRequest(key: key("/registry/ready"), value: key("1")))
                ready = await watcher.waitFor({ $0.contains("/registry/ready") }, timeout: .milliseconds(200))
            }
            #expect(ready)
            let marker = watcher.stdout.count
            _ = try await server.store.put(PutRequest(key: key("/registry/pods/default/a"), value: key("one")))
            _ = try await server.store.put(PutRequest(key: key("/elsewhere"), value: key("no")))
            _ = try await server.store.deleteRange(DeleteRangeRequest(key: key("/registry/pods/default/a")))
            let expected = "PUT\n/registry/pods/default/a\none\nDELETE\n/registry/pods/default/a\n\n"
            _ = await watcher.waitFor({ $0.dropFirst(marker).contains(expected) }, timeout: .seconds(5))
            await watcher.stop()
            let printed = String(watcher.stdout.dropFirst(marker)).replacingOccurrences(
                of: "PUT\n/registry/ready\n1\n", with: "")
            #expect(printed == expected)
        }
    }

    @Test func clientWithoutCertificateIsRefused() async throws {
        try await withTestServer(tls: true) { server in
            let pki = try #require(server.pki)
            let flags = ["--endpoints=\(server.endpoint)", "--cacert=\(pki.caCertificate)", "--dial-timeout=2s"]
            let result = try await Etcdctl.run(flags, ["get", "/registry", "--prefix"])
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty)
            // The healthcheck client's certificate, from this CA, works (another CA's: see below).
            let ok = try await Etcdctl.run(
                ["--endpoints=\(server.endpoint)", "--cacert=\(pki.caCertificate)",
                 "--cert=\(pki.healthcheckClientCertificate)", "--key=\(pki.healthcheckClientKey)"],
                ["endpoint", "health"])
            #expect(ok.status == 0, "\(ok.stderr)")
            // Plaintext against the TLS port fails.
            let plain = try await Etcdctl.run(["--endpoints=http://127.0.0.1:\(server.port)", "--dial-timeout=2s"], ["get", "/x"])
            #expect(plain.status != 0)
        }
    }

    /// A client certificate from another CA fails the TLS handshake, as with the real etcd (`--client-cert-auth`):
    /// etcdctl 3.4 retries until its deadline and prints what it prints against the real etcd; nothing is written.
    @Test func clientCertificateFromAnotherCAIsRefusedAtTheHandshake() async throws {
        let foreignDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("foreign-ca-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: foreignDirectory) }
        let foreign = try await EtcdPKI.ensure(directory: foreignDirectory)
        func attempt(endpoint: String, trusting ca: String) async throws -> ProcessResult {
            try await Etcdctl.run(
                ["--endpoints=\(endpoint)", "--cacert=\(ca)", "--cert=\(foreign.healthcheckClientCertificate)",
                 "--key=\(foreign.healthcheckClientKey)", "--dial-timeout=2s", "--command-timeout=4s"],
                ["put", "/registry/intruder", "x"])
        }
        try await withTestServer(tls: true) { server in
            let pki = try #require(server.pki)
            let refused = try await attempt(endpoint: server.endpoint, trusting: pki.caCertificate)
            #expect(refused.status != 0)
            #expect(refused.stdout.isEmpty)
            #expect(refused.stderr.hasSuffix("Error: context deadline exceeded\n"), "\(refused.stderr)")
            #expect(try await server.store.range(RangeRequest(key: key("/registry/intruder"))).kvs.isEmpty)
            if RealEtcd.isInstalled {
                let etcd = try await RealEtcd(pkiDirectory: pki.directory)
                let real = try await attempt(endpoint: etcd.endpoint, trusting: pki.caCertificate)
                await etcd.stop()
                #expect(real.status == refused.status)
                #expect(real.stdout.isEmpty)
                #expect(Self.lastLine(real.stderr) == Self.lastLine(refused.stderr), "the real etcd: \(real.stderr)")
            }
        }
    }

    private static func lastLine(_ text: String) -> Substring? {
        text.split(separator: "\n").last
    }
}
