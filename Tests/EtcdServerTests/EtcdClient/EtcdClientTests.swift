import EtcdClient
import EtcdCore
import Foundation
import Testing

/// `EtcdClient` against KubeSim's own etcd v3 endpoint (an `EtcdGRPCServer` in-process, TLS with client
/// certificates): the same checks as against the real etcd.
@Suite(.serialized)
struct EtcdClientKubeSimTests {
    @Test func putGetRangeAndDelete() async throws {
        try await withKubeSimEtcdClient(EtcdClientChecks.putGetRangeAndDelete)
    }

    @Test func compactionAndRevisionErrors() async throws {
        try await withKubeSimEtcdClient(EtcdClientChecks.compactionAndRevisionErrors)
    }

    @Test func transactions() async throws {
        try await withKubeSimEtcdClient(EtcdClientChecks.transactions)
    }

    @Test func watchFromRevision() async throws {
        try await withKubeSimEtcdClient(EtcdClientChecks.watchFromRevision)
    }

    @Test func watchFromCompactedRevision() async throws {
        try await withKubeSimEtcdClient(EtcdClientChecks.watchFromCompactedRevision)
    }

    @Test func watchFilters() async throws {
        try await withKubeSimEtcdClient(EtcdClientChecks.watchFilters)
    }

    @Test func largeResponses() async throws {
        try await withKubeSimEtcdClient(EtcdClientChecks.largeResponses)
    }

    @Test func leases() async throws {
        try await withKubeSimEtcdClient(EtcdClientChecks.leases)
    }

    @Test func status() async throws {
        try await withKubeSimEtcdClient(EtcdClientChecks.status)
    }
}

/// `EtcdClient` against Debian's real etcd (`/usr/bin/etcd`, etcd-server), started by each test on free
/// loopback ports with a fresh data directory and TLS with client certificates.
@Suite(
    .enabled(if: RealEtcd.isInstalled, "needs /usr/bin/etcd (Debian's etcd-server) to run the real etcd"),
    .enabled(if: Etcdctl.isInstalled, "needs /usr/bin/etcdctl (Debian's etcd-client) to see the real etcd is up"),
    .serialized)
struct EtcdClientRealEtcdTests {
    @Test func putGetRangeAndDelete() async throws {
        try await withRealEtcdClient(EtcdClientChecks.putGetRangeAndDelete)
    }

    @Test func compactionAndRevisionErrors() async throws {
        try await withRealEtcdClient(EtcdClientChecks.compactionAndRevisionErrors)
    }

    @Test func transactions() async throws {
        try await withRealEtcdClient(EtcdClientChecks.transactions)
    }

    @Test func watchFromRevision() async throws {
        try await withRealEtcdClient(EtcdClientChecks.watchFromRevision)
    }

    @Test func watchFromCompactedRevision() async throws {
        try await withRealEtcdClient(EtcdClientChecks.watchFromCompactedRevision)
    }

    @Test func watchFilters() async throws {
        try await withRealEtcdClient(EtcdClientChecks.watchFilters)
    }

    @Test func largeResponses() async throws {
        try await withRealEtcdClient(EtcdClientChecks.largeResponses)
    }

    @Test func leases() async throws {
        try await withRealEtcdClient(EtcdClientChecks.leases)
    }

    @Test func status() async throws {
        try await withRealEtcdClient(EtcdClientChecks.status)
    }
}

/// Endpoint lists, plaintext, and what the client does when nobody answers.
struct EtcdClientConnectionTests {
    @Test(arguments: [
        ("https://127.0.0.1:2379", "https://127.0.0.1:2379", false),
        ("http://[::1]:12379", "http://[::1]:12379", false),
        ("127.0.0.1:22379", "http://127.0.0.1:22379", false),
        ("127.0.0.1:22379", "https://127.0.0.1:22379", true),
        ("https://etcd-0.example/", "https://etcd-0.example:2379", false),
    ])
    func parsesEndpointURLs(text: String, expected: String, defaultTLS: Bool) throws {
        #expect(try EtcdEndpoint(text, defaultTLS: defaultTLS).description == expected)
    }

    @Test func parsesHostKinds() throws {
        #expect(try EtcdEndpoint("https://127.0.0.1:2379").host == .ipv4("127.0.0.1"))
        #expect(try EtcdEndpoint("https://[::1]:2379").host == .ipv6("::1"))
        #expect(try EtcdEndpoint("https://localhost:2379").host == .name("localhost"))
        #expect(try EtcdEndpoint.list("https://a:1, https://b:2,").map(\.port) == [1, 2])
    }

    @Test(arguments: ["ftp://127.0.0.1:2379", "https://:2379", "https://127.0.0.1:http", "https://127.0.0.1:70000", ""])
    func refusesBadEndpoints(text: String) {
        #expect(throws: EtcdClientError.self) { _ = try EtcdEndpoint.list(text) }
    }

    @Test func connectsToTheFirstEndpointThatAnswers() async throws {
        try await withTestServer { server in
            let silent = "http://127.0.0.1:\(try freePort())"
            let client = try await EtcdClient(endpoints: "\(silent),\(server.endpoint)", dialTimeout: testDialTimeout)
            try await closing(client) { client in
                #expect(client.endpoint.description == server.endpoint)
                _ = try await client.put(PutRequest(key: key("/plaintext"), value: key("ok")))
                #expect(try await client.get(key("/plaintext"))?.value == key("ok"))
            }
        }
    }

    @Test func failsWithEveryEndpointsReasonWhenNoneAnswers() async throws {
        let endpoints = ["http://127.0.0.1:\(try freePort())", "http://127.0.0.1:\(try freePort())"]
        let error = await thrownError {
            _ = try await EtcdClient(endpoints: endpoints.joined(separator: ","), dialTimeout: .seconds(3))
        }
        guard case .noEndpointAnswered(let failures) = error as? EtcdClientError else {
            Issue.record("expected noEndpointAnswered, got \(String(describing: error))")
            return
        }
        #expect(failures.map(\.endpoint) == endpoints)
    }

    @Test func refusesACertificateWithoutItsKey() async {
        let error = await thrownError {
            _ = try await EtcdClient(endpoints: "https://127.0.0.1:2379", tls: EtcdTLSFiles(certFile: "/tmp/client.crt"))
        }
        #expect(error as? EtcdClientError == .invalidTLS("a client certificate needs its key (--key)"))
    }

    @Test func callsAfterCloseFail() async throws {
        try await withTestServer { server in
            let client = try await EtcdClient(endpoints: server.endpoint, dialTimeout: testDialTimeout)
            let watch = WatchCollector(try await client.watch(WatchRequest(key: key("/closing"))))
            await client.close()
            #expect(await watch.wait { $0.hasEnded })
            #expect(await thrownError { _ = try await client.get(key("/closing")) } as? EtcdClientError == .closed)
        }
    }
}
