import EtcdClient
import EtcdCore
import Foundation
import Testing

/// The checks `EtcdClient` must pass against any etcd: KubeSim's own endpoint and the real etcd run the
/// same ones (`EtcdClientKubeSimTests`, `EtcdClientRealEtcdTests`). Each starts from a fresh store and reads
/// revisions from the answers, never assuming where a store's revisions start.
enum EtcdClientChecks {
    static func prefixRange(_ prefix: String) -> (Data, Data) {
        let start = key(prefix)
        return (start, KeyRange.prefixEnd(start))
    }

    /// Put, get, a read at an old revision, limit / more / count, keys-only, count-only, sorting, delete.
    static func putGetRangeAndDelete(_ client: EtcdClient) async throws {
        let prefix = "/etcdclient/kv/"
        let first = try await client.put(PutRequest(key: key(prefix + "a"), value: key("1")))
        let second = try await client.put(PutRequest(key: key(prefix + "a"), value: key("2"), prevKv: true))
        #expect(second.header.revision == first.header.revision + 1)
        #expect(second.prevKv?.value == key("1"))
        _ = try await client.put(PutRequest(key: key(prefix + "b"), value: key("bee")))

        let current = try #require(try await client.get(key(prefix + "a")))
        #expect(current.value == key("2"))
        #expect(current.version == 2)
        #expect(current.createRevision == first.header.revision)
        #expect(current.modRevision == second.header.revision)

        let old = try await client.range(RangeRequest(key: key(prefix + "a"), revision: first.header.revision))
        #expect(old.kvs.map(\.value) == [key("1")])
        #expect(old.kvs.first?.version == 1)

        let (start, end) = prefixRange(prefix)
        let limited = try await client.range(RangeRequest(key: start, rangeEnd: end, limit: 1))
        #expect(limited.kvs.map(\.key) == [key(prefix + "a")])
        #expect(limited.more)
        #expect(limited.count == 2)

        let keysOnly = try await client.range(RangeRequest(key: start, rangeEnd: end, keysOnly: true))
        #expect(keysOnly.kvs.map(\.key) == [key(prefix + "a"), key(prefix + "b")])
        #expect(keysOnly.kvs.allSatisfy { $0.value.isEmpty })

        let countOnly = try await client.range(RangeRequest(key: start, rangeEnd: end, countOnly: true))
        #expect(countOnly.kvs.isEmpty)
        #expect(countOnly.count == 2)

        let descending = try await client.range(
            RangeRequest(key: start, rangeEnd: end, sortOrder: .descend, sortTarget: .key))
        #expect(descending.kvs.map(\.key) == [key(prefix + "b"), key(prefix + "a")])

        let deleted = try await client.deleteRange(DeleteRangeRequest(key: key(prefix + "b"), prevKv: true))
        #expect(deleted.deleted == 1)
        #expect(deleted.prevKvs.map(\.value) == [key("bee")])
        #expect(try await client.get(key(prefix + "b")) == nil)
        let missing = try await client.deleteRange(DeleteRangeRequest(key: key(prefix + "b")))
        #expect(missing.deleted == 0)
    }

    /// Reads below the compaction revision fail with `compacted`, beyond the head with `futureRevision`; a
    /// second compaction at or below the first fails with `alreadyCompacted`; `status()` reports it.
    static func compactionAndRevisionErrors(_ client: EtcdClient) async throws {
        let name = key("/etcdclient/compact/k")
        let r1 = try await client.put(PutRequest(key: name, value: key("v1"))).header.revision
        let r2 = try await client.put(PutRequest(key: name, value: key("v2"))).header.revision
        let r3 = try await client.put(PutRequest(key: name, value: key("v3"))).header.revision
        #expect(try await client.status().compactRevision == 0)

        let compacted = try await client.compact(r2)
        #expect(compacted.revision >= r3)

        let tooOld = await thrownError { _ = try await client.range(RangeRequest(key: name, revision: r1)) }
        #expect(tooOld as? EtcdError == .compacted)
        let atCompaction = try await client.range(RangeRequest(key: name, revision: r2))
        #expect(atCompaction.kvs.map(\.value) == [key("v2")])
        let future = await thrownError { _ = try await client.range(RangeRequest(key: name, revision: r3 + 100)) }
        #expect(future as? EtcdError == .futureRevision)
        let again = await thrownError { _ = try await client.compact(r1) }
        #expect(again as? EtcdError == .alreadyCompacted)
        #expect(try await client.status().compactRevision == r2)
    }

    /// Create-if-absent, a guarded update with a nested transaction, and etcd's refusals.
    static func transactions(_ client: EtcdClient) async throws {
        let name = key("/etcdclient/txn/x")
        let create = TxnRequest(
            compare: [Compare(key: name, target: .modRevision(0), result: .equal)],
            success: [.put(PutRequest(key: name, value: key("one")))],
            failure: [.range(RangeRequest(key: name))])
        let created = try await client.txn(create)
        #expect(created.succeeded)
        guard case .put = created.responses.first else {
            Issue.record("a put answers with a put: \(created.responses)")
            return
        }

        let refused = try await client.txn(create)
        #expect(!refused.succeeded)
        #expect(refused.header.revision == created.header.revision)
        guard case .range(let current) = refused.responses.first else {
            Issue.record("the failure branch's range answers with a range: \(refused.responses)")
            return
        }
        #expect(current.kvs.map(\.value) == [key("one")])

        let update = TxnRequest(
            compare: [
                Compare(key: name, target: .modRevision(created.header.revision), result: .equal),
                Compare(key: name, target: .value(key("one")), result: .equal),
                Compare(key: name, target: .version(0), result: .greater),
            ],
            success: [
                .put(PutRequest(key: name, value: key("two"))),
                .txn(TxnRequest(success: [.range(RangeRequest(key: name))])),
            ])
        let updated = try await client.txn(update)
        #expect(updated.succeeded)
        #expect(updated.header.revision == created.header.revision + 1)
        guard updated.responses.count == 2, case .txn(let nested) = updated.responses[1],
            case .range(let read) = nested.responses.first
        else {
            Issue.record("a nested transaction answers with its responses: \(updated.responses)")
            return
        }
        #expect(read.kvs.map(\.value) == [key("two")])

        let stale = try await client.txn(update)
        #expect(!stale.succeeded)

        let many = TxnRequest(
            success: (0..<129).map { .put(PutRequest(key: key("/etcdclient/txn/many/\($0)"), value: key("v"))) })
        #expect(await thrownError { _ = try await client.txn(many) } as? EtcdError == .tooManyOperations)
        let duplicate = TxnRequest(success: [
            .put(PutRequest(key: name, value: key("a"))), .put(PutRequest(key: name, value: key("b"))),
        ])
        #expect(await thrownError { _ = try await client.txn(duplicate) } as? EtcdError == .duplicateKey)
        #expect(await thrownError { _ = try await client.put(PutRequest(key: Data(), value: key("v"))) } as? EtcdError == .emptyKey)
    }

    /// A watch from a revision in the past replays history then follows live changes, with previous values;
    /// a watch from now sees what happens after `watch` returned; canceling ends the stream.
    static func watchFromRevision(_ client: EtcdClient) async throws {
        let prefix = "/etcdclient/watch/"
        let r1 = try await client.put(PutRequest(key: key(prefix + "a"), value: key("1"))).header.revision
        let r2 = try await client.put(PutRequest(key: key(prefix + "b"), value: key("1"))).header.revision
        let (start, end) = prefixRange(prefix)
        let history = WatchCollector(
            try await client.watch(WatchRequest(key: start, rangeEnd: end, startRevision: r1, prevKv: true)))
        defer { history.cancel() }
        #expect(await history.wait { $0.events.count >= 2 })
        #expect(history.events.map(\.kv.key) == [key(prefix + "a"), key(prefix + "b")])
        #expect(history.events.map(\.kv.modRevision) == [r1, r2])

        let fromNow = WatchCollector(try await client.watch(WatchRequest(key: key(prefix + "a"))))
        defer { fromNow.cancel() }

        let r3 = try await client.put(PutRequest(key: key(prefix + "a"), value: key("2"))).header.revision
        _ = try await client.put(PutRequest(key: key("/etcdclient/elsewhere"), value: key("x")))
        let r5 = try await client.deleteRange(DeleteRangeRequest(key: key(prefix + "b"))).header.revision
        #expect(await history.wait { $0.events.count >= 4 })
        let events = history.events
        #expect(events.count == 4)
        guard events.count == 4 else { return }
        #expect(events[2].type == .put)
        #expect(events[2].kv.value == key("2"))
        #expect(events[2].kv.version == 2)
        #expect(events[2].kv.modRevision == r3)
        #expect(events[2].prevKv?.value == key("1"))
        #expect(events[3].type == .delete)
        #expect(events[3].kv.key == key(prefix + "b"))
        #expect(events[3].kv.modRevision == r5)
        #expect(events[3].prevKv?.value == key("1"))

        #expect(await fromNow.wait { $0.events.count >= 1 })
        #expect(fromNow.events.map(\.kv.modRevision) == [r3])
        #expect(fromNow.events.first?.prevKv == nil)

        history.cancel()
        #expect(await history.wait { $0.hasEnded })
        #expect(history.error == nil)
    }

    /// A watch's filters leave puts or deletes out.
    static func watchFilters(_ client: EtcdClient) async throws {
        let name = key("/etcdclient/watch-filters/k")
        let deletesOnly = WatchCollector(try await client.watch(WatchRequest(key: name, noPut: true)))
        defer { deletesOnly.cancel() }
        let putsOnly = WatchCollector(try await client.watch(WatchRequest(key: name, noDelete: true)))
        defer { putsOnly.cancel() }
        let put = try await client.put(PutRequest(key: name, value: key("v"))).header.revision
        let delete = try await client.deleteRange(DeleteRangeRequest(key: name)).header.revision
        // A second put and delete are barriers: events come in revision order, so anything the filters let
        // through wrongly from the first pair would arrive before the second pair's events.
        let secondPut = try await client.put(PutRequest(key: name, value: key("w"))).header.revision
        let secondDelete = try await client.deleteRange(DeleteRangeRequest(key: name)).header.revision
        #expect(await deletesOnly.wait { $0.events.count >= 2 })
        #expect(await putsOnly.wait { $0.events.count >= 2 })
        #expect(deletesOnly.events.map(\.type) == [.delete, .delete])
        #expect(deletesOnly.events.map(\.kv.modRevision) == [delete, secondDelete])
        #expect(putsOnly.events.map(\.type) == [.put, .put])
        #expect(putsOnly.events.map(\.kv.modRevision) == [put, secondPut])
    }

    /// A range whose answer is larger than gRPC's default 4 MiB message limit, as a list of every pod can be.
    static func largeResponses(_ client: EtcdClient) async throws {
        let value = Data(repeating: UInt8(ascii: "x"), count: 1_200_000)
        for index in 0..<4 {
            _ = try await client.put(PutRequest(key: key("/etcdclient/large/\(index)"), value: value))
        }
        let (start, end) = prefixRange("/etcdclient/large/")
        let all = try await client.range(RangeRequest(key: start, rangeEnd: end))
        #expect(all.kvs.count == 4)
        #expect(all.kvs.allSatisfy { $0.value == value })
    }

    /// A watch from a compacted revision ends with a canceled response carrying the compaction revision.
    static func watchFromCompactedRevision(_ client: EtcdClient) async throws {
        let name = key("/etcdclient/watch-compacted/k")
        let r1 = try await client.put(PutRequest(key: name, value: key("1"))).header.revision
        _ = try await client.put(PutRequest(key: name, value: key("2")))
        let r3 = try await client.put(PutRequest(key: name, value: key("3"))).header.revision
        _ = try await client.compact(r3)
        let watch = WatchCollector(try await client.watch(WatchRequest(key: name, startRevision: r1)))
        defer { watch.cancel() }
        #expect(await watch.wait { $0.hasEnded })
        let last = try #require(watch.all.last)
        #expect(last.canceled)
        #expect(last.compactRevision == r3)
        #expect(last.cancelReason == EtcdError.compacted.description)
        #expect(watch.events.isEmpty)
        #expect(watch.error == nil)
    }

    /// Grant, attach, time-to-live with keys, keep-alive, list, revoke (the key goes), and the refusals of a
    /// lease that does not exist.
    static func leases(_ client: EtcdClient) async throws {
        let grant = try await client.leaseGrant(ttl: 60, id: 0)
        #expect(grant.id != 0)
        #expect(grant.ttl == 60)
        let name = key("/etcdclient/lease/a")
        _ = try await client.put(PutRequest(key: name, value: key("x"), lease: grant.id))
        #expect(try await client.get(name)?.lease == grant.id)

        let alive = try await client.leaseTimeToLive(id: grant.id, keys: true)
        #expect(alive.id == grant.id)
        #expect(alive.grantedTTL == 60)
        #expect((1...60).contains(alive.ttl))
        #expect(alive.keys == [name])
        let renewed = try await client.leaseKeepAlive(id: grant.id)
        #expect(renewed.id == grant.id)
        #expect(renewed.ttl == 60)
        #expect(try await client.leases().contains(grant.id))

        _ = try await client.leaseRevoke(id: grant.id)
        #expect(try await client.get(name) == nil)
        let gone = try await client.leaseTimeToLive(id: grant.id, keys: true)
        #expect(gone.ttl == -1)
        #expect(gone.keys.isEmpty)
        #expect(try await !client.leases().contains(grant.id))
        #expect(await thrownError { _ = try await client.leaseKeepAlive(id: grant.id) } as? EtcdError == .leaseNotFound)
        #expect(await thrownError { _ = try await client.leaseRevoke(id: grant.id) } as? EtcdError == .leaseNotFound)
        let orphan = PutRequest(key: key("/etcdclient/lease/orphan"), value: key("x"), lease: grant.id)
        #expect(await thrownError { _ = try await client.put(orphan) } as? EtcdError == .leaseNotFound)

        let chosen = try await client.leaseGrant(ttl: 30, id: 4242)
        #expect(chosen.id == 4242)
        #expect(await thrownError { _ = try await client.leaseGrant(ttl: 30, id: 4242) } as? EtcdError == .leaseExists)
        _ = try await client.leaseRevoke(id: 4242)
    }

    /// `status()` reports the version, a non-zero size and the head revision.
    static func status(_ client: EtcdClient) async throws {
        let put = try await client.put(PutRequest(key: key("/etcdclient/status"), value: key("x")))
        let status = try await client.status()
        #expect(status.version.hasPrefix("3."))
        #expect(status.dbSize > 0)
        #expect(status.header.revision >= put.header.revision)
        #expect(status.header.clusterID == put.header.clusterID)
        #expect(status.compactRevision == 0)
    }
}
