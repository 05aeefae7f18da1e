import EtcdCore
import Foundation
import Testing

/// Range semantics, as etcd's `apply.go` Range and `mvcc/kvstore_txn.go` rangeKeys define them.
@Suite("Range", .serialized)
struct RangeTests {
    /// A store holding a, b, c, d at revisions 2...5, then b updated at 6.
    static func seeded() async throws -> TestStore {
        let test = try TestStore()
        for key in ["a", "b", "c", "d"] { try await test.store.put(key, "v-\(key)") }
        try await test.store.put("b", "v-b2")
        return test
    }

    @Test func emptyStoreIsAtRevisionOne() async throws {
        let test = try TestStore()
        let response = try await test.store.range(RangeRequest(key: Data("a")))
        #expect(response.header.revision == 1)
        #expect(response.kvs.isEmpty && response.count == 0 && !response.more)
        await test.finish()
    }

    @Test func putSetsRevisionsAndVersion() async throws {
        let test = try await Self.seeded()
        let b = try #require(try await test.store.get(Data("b")))
        #expect(b.createRevision == 3 && b.modRevision == 6 && b.version == 2 && b.value.string == "v-b2")
        await test.finish()
    }

    @Test(arguments: [
        (RangeRequest(key: Data("b")), ["b"]),
        (RangeRequest(key: Data("b"), rangeEnd: Data("d")), ["b", "c"]),
        (RangeRequest(key: Data("b"), rangeEnd: Data([0])), ["b", "c", "d"]),
        (RangeRequest(key: Data([0]), rangeEnd: Data([0])), ["a", "b", "c", "d"]),
        (RangeRequest(key: Data(""), rangeEnd: KeyRange.prefixEnd(Data("b"))), []),
        (RangeRequest(key: Data("zz")), []),
    ])
    func rangeEndConventions(request: RangeRequest, keys: [String]) async throws {
        let test = try await Self.seeded()
        if request.key.isEmpty {
            await #expect(throws: EtcdError.emptyKey) { try await test.store.range(request) }
        } else {
            #expect(try await test.store.keys(request) == keys)
        }
        await test.finish()
    }

    @Test func limitSetsMoreAndCountIsTheWholeRange() async throws {
        let test = try await Self.seeded()
        let all = RangeRequest(key: Data([0]), rangeEnd: Data([0]), limit: 2)
        let limited = try await test.store.range(all)
        #expect(limited.kvs.map(\.key.string) == ["a", "b"])
        #expect(limited.more && limited.count == 4)
        var exact = all
        exact.limit = 4
        let whole = try await test.store.range(exact)
        #expect(!whole.more && whole.count == 4 && whole.kvs.count == 4)
        await test.finish()
    }

    @Test func keysOnlyAndCountOnly() async throws {
        let test = try await Self.seeded()
        let keysOnly = try await test.store.range(RangeRequest(key: Data("a"), rangeEnd: Data("c"), keysOnly: true))
        #expect(keysOnly.kvs.map(\.key.string) == ["a", "b"])
        #expect(keysOnly.kvs.allSatisfy { $0.value.isEmpty && $0.version > 0 })
        let countOnly = try await test.store.range(RangeRequest(key: Data("a"), rangeEnd: Data("z"), countOnly: true))
        #expect(countOnly.kvs.isEmpty && countOnly.count == 4)
        await test.finish()
    }

    @Test func readsAtAnOldRevisionSeeThatRevision() async throws {
        let test = try await Self.seeded()
        _ = try await test.store.deleteRange(DeleteRangeRequest(key: Data("c")))  // revision 7
        let atThree = try await test.store.range(RangeRequest(key: Data("a"), rangeEnd: Data("z"), revision: 3))
        #expect(atThree.kvs.map(\.key.string) == ["a", "b"])
        #expect(atThree.kvs[1].value.string == "v-b" && atThree.kvs[1].version == 1)
        #expect(atThree.header.revision == 7, "the header carries the current revision, not the one read")
        #expect(atThree.count == 2)
        let beforeDelete = try await test.store.keys(RangeRequest(key: Data("c"), revision: 6))
        #expect(beforeDelete == ["c"])
        #expect(try await test.store.keys(RangeRequest(key: Data("c"))) == [])
        await test.finish()
    }

    @Test func futureRevisionFails() async throws {
        let test = try await Self.seeded()
        await #expect(throws: EtcdError.futureRevision) {
            try await test.store.range(RangeRequest(key: Data("a"), revision: 7))
        }
        #expect(EtcdError.futureRevision.description == "etcdserver: mvcc: required revision is a future revision")
        await test.finish()
    }

    @Test(arguments: [
        (RangeRequest.SortTarget.key, RangeRequest.SortOrder.descend, ["d", "c", "b", "a"]),
        (.mod, .descend, ["b", "d", "c", "a"]),
        (.create, .ascend, ["a", "b", "c", "d"]),
        (.version, .descend, ["b", "a", "c", "d"]),
        (.value, .none, ["a", "b", "c", "d"]),
    ])
    func sortOrders(target: RangeRequest.SortTarget, order: RangeRequest.SortOrder, keys: [String]) async throws {
        let test = try await Self.seeded()
        let request = RangeRequest(key: Data("a"), rangeEnd: Data("z"), sortOrder: order, sortTarget: target)
        #expect(try await test.store.keys(request) == keys)
        await test.finish()
    }

    @Test func sortThenLimitReportsMore() async throws {
        let test = try await Self.seeded()
        let response = try await test.store.range(
            RangeRequest(key: Data("a"), rangeEnd: Data("z"), limit: 1, sortOrder: .descend, sortTarget: .mod))
        #expect(response.kvs.map(\.key.string) == ["b"] && response.more && response.count == 4)
        await test.finish()
    }

    @Test(arguments: [
        (RangeRequest(key: Data("a"), rangeEnd: Data("z"), minModRevision: 4), ["b", "c", "d"]),
        (RangeRequest(key: Data("a"), rangeEnd: Data("z"), maxModRevision: 4), ["a", "c"]),
        (RangeRequest(key: Data("a"), rangeEnd: Data("z"), minCreateRevision: 4), ["c", "d"]),
        (RangeRequest(key: Data("a"), rangeEnd: Data("z"), maxCreateRevision: 3), ["a", "b"]),
    ])
    func revisionFilters(request: RangeRequest, keys: [String]) async throws {
        let test = try await Self.seeded()
        let response = try await test.store.range(request)
        #expect(response.kvs.map(\.key.string) == keys)
        #expect(response.count == 4, "count is taken before the filters, as etcd does")
        await test.finish()
    }

    @Test func keysAreBytesInByteOrder() async throws {
        let test = try TestStore()
        for key in [Data([0x61, 0xff]), Data([0x61, 0x00]), Data([0x61]), Data([0x62])] {
            _ = try await test.store.put(PutRequest(key: key, value: Data("x")))
        }
        let all = try await test.store.range(RangeRequest(key: Data([0]), rangeEnd: Data([0])))
        #expect(all.kvs.map(\.key) == [Data([0x61]), Data([0x61, 0x00]), Data([0x61, 0xff]), Data([0x62])])
        let prefix = try await test.store.range(RangeRequest(key: Data("a"), rangeEnd: KeyRange.prefixEnd(Data("a"))))
        #expect(prefix.count == 3)
        await test.finish()
    }
}
