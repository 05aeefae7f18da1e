import EtcdClient
import EtcdCore
import Foundation
import Synchronization
import Testing

/// `EtcdClient` as kube-apiserver's etcd client on a real 3-member etcd cluster: when the member it uses dies, calls
/// and watches move to another member; without a quorum writes fail with etcd's own error.
@Suite(
    .serialized,
    .enabled(if: RealEtcd.isInstalled, "needs /usr/bin/etcd (Debian's etcd-server) to run a real etcd cluster"),
    .enabled(if: Etcdctl.isInstalled, "needs /usr/bin/etcdctl (Debian's etcd-client) to see the members are up"))
struct EtcdClientFailoverTests {
    @Test func callsMoveToAnotherMemberWhenTheirMemberIsKilled() async throws {
        try await withCluster { cluster, client in
            let first = try #require(cluster.members.first { $0.clientURL == client.endpoint.description })
            _ = try await client.put(PutRequest(key: Data("/k/before".utf8), value: Data("1".utf8)))
            await cluster.kill(first.name)
            // The member is gone before the next call: the call never left, so even a write goes to the next one.
            var acknowledged: [String] = []
            var failures: [String] = []
            for index in 0..<50 {
                let key = "/k/after-\(index)"
                do {
                    _ = try await client.put(PutRequest(key: Data(key.utf8), value: Data("v".utf8)))
                    acknowledged.append(key)
                } catch {
                    failures.append("\(key): \(error)")
                }
            }
            #expect(failures.count <= 1, "writes failed after the member died: \(failures)")
            #expect(client.endpoint.description != first.clientURL)
            let keys = try await client.range(RangeRequest(key: Data("/k/".utf8), rangeEnd: Data("/k0".utf8))).kvs
                .map { String(decoding: $0.key, as: UTF8.self) }
            #expect(Set(acknowledged + ["/k/before"]).isSubset(of: Set(keys)))
        }
    }

    @Test func watchResumesOnAnotherMemberWithEveryRevisionOnce() async throws {
        try await withCluster { cluster, client in
            let watched = try #require(cluster.members.first { $0.clientURL == client.endpoint.description })
            // The writer starts on another member, so that killing the watch's member does not stop the writes.
            let others = cluster.members.filter { $0.name != watched.name }.map(\.clientURL)
            let writer = try await EtcdClient(
                endpoints: (others + [watched.clientURL]).joined(separator: ","), dialTimeout: testDialTimeout)
            let collector = WatchCollector(
                try await client.watch(WatchRequest(key: Data("/w/".utf8), rangeEnd: Data("/w0".utf8))))
            var acknowledged: [Revision] = []
            for index in 0..<300 {
                if index == 100 { await cluster.kill(watched.name) }
                if let header = try? await writer.put(
                    PutRequest(key: Data("/w/\(index % 7)".utf8), value: Data("\(index)".utf8))
                ).header {
                    acknowledged.append(header.revision)
                }
            }
            let last = try #require(acknowledged.last)
            let delivered = await collector.wait(timeout: .seconds(60)) { collector in
                collector.events.contains { $0.kv.modRevision >= last }
            }
            #expect(delivered, "the watch delivered up to revision \(collector.events.last?.kv.modRevision ?? 0) of \(last)")
            let revisions = collector.events.map(\.kv.modRevision)
            #expect(revisions == revisions.sorted() && Set(revisions).count == revisions.count, "a revision twice or out of order")
            #expect(Set(acknowledged).isSubset(of: Set(revisions)), "acknowledged revisions the watch missed")
            #expect(acknowledged.count >= 290)
            #expect(collector.error == nil)
            collector.cancel()
            await writer.close()
        }
    }

    @Test func aReadTimesOutOnAHungMemberAndIsAnsweredByTheNext() async throws {
        try await withCluster(requestTimeout: .seconds(2), Self.readPastAHungMember)
    }

    private static func readPastAHungMember(_ cluster: RealEtcdCluster, _ client: EtcdClient) async throws {
        let hung = try #require(cluster.members.first { $0.clientURL == client.endpoint.description }).name
        _ = try await client.put(PutRequest(key: Data("/h/k".utf8), value: Data("v".utf8)))
        cluster.freeze(hung)
        defer { cluster.freeze(hung, false) }
        let started = ContinuousClock.now
        let value = try await client.get(Data("/h/k".utf8))
        let took = ContinuousClock.now - started
        #expect(value?.value == Data("v".utf8))
        #expect(took >= .seconds(2) && took < .seconds(10), "took \(took)")
        #expect(client.endpoint.description != cluster.members.first { $0.name == hung }?.clientURL)
    }

    @Test func writesFailWithEtcdsErrorWithoutQuorumAndRecoverWhenAMemberReturns() async throws {
        try await withCluster(Self.loseQuorumAndRecover)
    }

    private static func loseQuorumAndRecover(_ cluster: RealEtcdCluster, _ client: EtcdClient) async throws {
        let current = client.endpoint.description
        let others = cluster.members.filter { $0.clientURL != current }.map(\.name)
        for name in others { await cluster.kill(name) }
        var text = "no error"
        do {
            _ = try await client.put(PutRequest(key: Data("/q/lost".utf8), value: Data("x".utf8)))
        } catch {
            text = String(describing: error)
        }
        #expect(text.contains("etcdserver: "), "expected etcd's own error, got \(text)")
        try await cluster.restart(others[0])
        #expect(await writes(client, within: .seconds(15)))
    }

    /// Whether a put succeeds within `limit`, trying every half second.
    private static func writes(_ client: EtcdClient, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if (try? await client.put(PutRequest(key: Data("/q/back".utf8), value: Data("y".utf8)))) != nil { return true }
            try? await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    /// Runs `body` with a fresh 3-member cluster and a client given every member, stopping both afterwards.
    private func withCluster(
        requestTimeout: Duration = .seconds(15), _ body: (RealEtcdCluster, EtcdClient) async throws -> Void
    ) async throws {
        let cluster = try await RealEtcdCluster()
        defer { cluster.stop() }
        let client = try await EtcdClient(
            endpoints: cluster.endpoints, dialTimeout: testDialTimeout, requestTimeout: requestTimeout)
        try await closing(client) { try await body(cluster, $0) }
    }
}
