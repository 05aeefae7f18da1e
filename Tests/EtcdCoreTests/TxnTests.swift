import EtcdCore
import Foundation
import Testing

/// Transaction semantics, as etcd's `apply.go` applyTxn, `compareKV` and v3rpc `checkTxnRequest` define them.
@Suite("Txn", .serialized)
struct TxnTests {
    static func put(_ key: String, _ value: String = "v", prevKv: Bool = false) -> RequestOp {
        .put(PutRequest(key: Data(key), value: Data(value), prevKv: prevKv))
    }

    static func compare(_ key: String, _ target: Compare.Target, _ result: Compare.Result) -> Compare {
        Compare(key: Data(key), target: target, result: result)
    }

    /// "k" created at 2, updated at 3: version 2, create 2, mod 3, value "two".
    static func seeded() async throws -> TestStore {
        let test = try TestStore()
        try await test.store.put("k", "one")
        try await test.store.put("k", "two")
        return test
    }

    @Test(arguments: [
        (compare("k", .value(Data("two")), .equal), true),
        (compare("k", .value(Data("one")), .greater), true),
        (compare("k", .value(Data("zzz")), .less), true),
        (compare("k", .value(Data("two")), .notEqual), false),
        (compare("k", .version(2), .equal), true),
        (compare("k", .version(1), .greater), true),
        (compare("k", .createRevision(2), .equal), true),
        (compare("k", .modRevision(3), .equal), true),
        (compare("k", .modRevision(3), .less), false),
        (compare("k", .lease(0), .equal), true),
        (compare("missing", .modRevision(0), .equal), true),
        (compare("missing", .version(0), .equal), true),
        (compare("missing", .createRevision(0), .greater), false),
        (compare("missing", .value(Data("")), .equal), false),
        (compare("missing", .value(Data("x")), .notEqual), false),
    ])
    func compares(compare: Compare, holds: Bool) async throws {
        let test = try await Self.seeded()
        let response = try await test.store.txn(TxnRequest(compare: [compare]))
        #expect(response.succeeded == holds)
        await test.finish()
    }

    @Test func compareOverARangeNeedsEveryKey() async throws {
        let test = try TestStore()
        try await test.store.put("r/a", "1")
        try await test.store.put("r/b", "2")
        let range = KeyRange.prefixEnd(Data("r/"))
        let allPositive = Compare(key: Data("r/"), rangeEnd: range, target: .version(0), result: .greater)
        let allOne = Compare(key: Data("r/"), rangeEnd: range, target: .value(Data("1")), result: .equal)
        #expect(try await test.store.txn(TxnRequest(compare: [allPositive])).succeeded)
        #expect(try await !test.store.txn(TxnRequest(compare: [allOne])).succeeded)
        await test.finish()
    }

    @Test func allWritesOfATxnShareOneRevision() async throws {
        let test = try await Self.seeded()
        let response = try await test.store.txn(
            TxnRequest(success: [Self.put("x"), Self.put("y"), .deleteRange(DeleteRangeRequest(key: Data("k")))]))
        #expect(response.header.revision == 4)
        let x = try #require(try await test.store.get(Data("x")))
        let y = try #require(try await test.store.get(Data("y")))
        #expect(x.modRevision == 4 && y.modRevision == 4)
        await test.finish()
    }

    @Test func aTxnWithoutWritesKeepsTheRevision() async throws {
        let test = try await Self.seeded()
        let response = try await test.store.txn(
            TxnRequest(
                compare: [Self.compare("k", .version(9), .equal)], success: [Self.put("x")],
                failure: [.range(RangeRequest(key: Data("k")))]))
        #expect(!response.succeeded)
        #expect(response.header.revision == 3)
        guard case .range(let range) = response.responses.first else { Issue.record("no range"); return }
        #expect(range.kvs.first?.value.string == "two")
        #expect(try await test.store.get(Data("x")) == nil)
        await test.finish()
    }

    @Test func laterOpsSeeEarlierWritesAndNestedHeadersCarryTheirRevision() async throws {
        let test = try await Self.seeded()
        let response = try await test.store.txn(
            TxnRequest(success: [
                .range(RangeRequest(key: Data("k"))), Self.put("k", "three"), .range(RangeRequest(key: Data("k"))),
            ]))
        guard case .range(let before) = response.responses[0], case .range(let after) = response.responses[2] else {
            Issue.record("unexpected responses \(response.responses)")
            return
        }
        #expect(before.kvs.first?.value.string == "two" && before.header.revision == 3)
        #expect(after.kvs.first?.value.string == "three" && after.header.revision == 4)
        #expect(after.header.clusterID == 0, "nested headers carry only the revision")
        await test.finish()
    }

    @Test func nestedTxnRunsItsBranchAtTheSameRevision() async throws {
        let test = try await Self.seeded()
        let nested = TxnRequest(
            compare: [Self.compare("k", .value(Data("two")), .equal)], success: [Self.put("inner")],
            failure: [Self.put("wrong")])
        let response = try await test.store.txn(TxnRequest(success: [Self.put("outer"), .txn(nested)]))
        guard case .txn(let inner) = response.responses[1] else { Issue.record("no nested txn"); return }
        #expect(inner.succeeded)
        #expect(try await test.store.get(Data("inner"))?.modRevision == 4)
        #expect(try await test.store.get(Data("wrong")) == nil)
        await test.finish()
    }

    @Test(arguments: [
        [put("a"), put("a")],
        [put("a"), .deleteRange(DeleteRangeRequest(key: Data("a")))],
        [put("b"), .deleteRange(DeleteRangeRequest(key: Data("a"), rangeEnd: Data("c")))],
        [put("a"), .txn(TxnRequest(success: [put("a")]))],
        [.deleteRange(DeleteRangeRequest(key: Data("a"))), .txn(TxnRequest(failure: [put("a")]))],
    ])
    func duplicateKeysAreRejected(ops: [RequestOp]) async throws {
        let test = try await Self.seeded()
        await #expect(throws: EtcdError.duplicateKey) { try await test.store.txn(TxnRequest(success: ops)) }
        #expect(try await test.store.range(RangeRequest(key: Data("k"))).header.revision == 3)
        await test.finish()
    }

    /// Overlaps etcd lets through, with what they do: deletes of nothing write no revision; a nested txn's
    /// branches are exclusive; a range after a put in the same txn reads the put (etcd's `storeTxnWrite.Range`
    /// reads at the txn's own revision once it has changes).
    @Test(arguments: [
        ([.deleteRange(DeleteRangeRequest(key: Data("a"))), .deleteRange(DeleteRangeRequest(key: Data("a")))], 3),
        ([.txn(TxnRequest(success: [put("a")], failure: [put("a")]))], 4),
        ([put("a"), .range(RangeRequest(key: Data("a")))], 4),
    ] as [([RequestOp], Int64)])
    func overlapsEtcdAllows(ops: [RequestOp], revision: Int64) async throws {
        let test = try await Self.seeded()
        let response = try await test.store.txn(TxnRequest(success: ops))
        #expect(response.succeeded)
        #expect(response.header.revision == revision)
        #expect(response.responses.count == ops.count)
        let stored = try await test.store.get(Data("a"))
        #expect(stored?.modRevision == (revision == 3 ? nil : 4))
        switch response.responses.last {
        case .deleteRange(let deleted): #expect(deleted.deleted == 0)
        case .txn(let inner): #expect(inner.succeeded && inner.responses.count == 1)
        case .range(let read): #expect(read.kvs.map(\.modRevision) == [4] && read.kvs.first?.value == Data("v"))
        default: Issue.record("unexpected response \(String(describing: response.responses.last))")
        }
        await test.finish()
    }

    @Test func moreThan128OperationsAreRejected() async throws {
        let test = try TestStore()
        let ops = (0..<129).map { Self.put("k\($0)") }
        await #expect(throws: EtcdError.tooManyOperations) { try await test.store.txn(TxnRequest(success: ops)) }
        _ = try await test.store.txn(TxnRequest(success: Array(ops.prefix(128))))
        let compares = (0..<129).map { Self.compare("k\($0)", .version(1), .equal) }
        await #expect(throws: EtcdError.tooManyOperations) { try await test.store.txn(TxnRequest(compare: compares)) }
        await test.finish()
    }

    @Test func aFailingOpUndoesTheWholeTxn() async throws {
        let test = try await Self.seeded()
        let leased = RequestOp.put(PutRequest(key: Data("leased"), value: Data("v"), lease: 12345))
        await #expect(throws: EtcdError.leaseNotFound) {
            try await test.store.txn(TxnRequest(success: [Self.put("first"), leased]))
        }
        #expect(try await test.store.get(Data("first")) == nil)
        let next = try await test.store.put("after", "v")
        #expect(next == 4, "a rejected txn consumes no revision")
        await test.finish()
    }

    @Test func putWithIgnoreValueKeepsTheValueAndNeedsTheKey() async throws {
        let test = try await Self.seeded()
        _ = try await test.store.put(PutRequest(key: Data("k"), ignoreValue: true))
        let k = try #require(try await test.store.get(Data("k")))
        #expect(k.value.string == "two" && k.version == 3)
        await #expect(throws: EtcdError.keyNotFound) {
            try await test.store.put(PutRequest(key: Data("missing"), ignoreValue: true))
        }
        await #expect(throws: EtcdError.valueProvided) {
            try await test.store.put(PutRequest(key: Data("k"), value: Data("x"), ignoreValue: true))
        }
        await test.finish()
    }

    @Test func putAndDeleteReturnPreviousValues() async throws {
        let test = try await Self.seeded()
        let put = try await test.store.put(PutRequest(key: Data("k"), value: Data("three"), prevKv: true))
        #expect(put.prevKv?.value.string == "two" && put.prevKv?.modRevision == 3)
        let fresh = try await test.store.put(PutRequest(key: Data("new"), value: Data("v"), prevKv: true))
        #expect(fresh.prevKv == nil)
        let deleted = try await test.store.deleteRange(DeleteRangeRequest(key: Data("k"), prevKv: true))
        #expect(deleted.deleted == 1 && deleted.prevKvs.first?.value.string == "three")
        let none = try await test.store.deleteRange(DeleteRangeRequest(key: Data("k")))
        #expect(none.deleted == 0 && none.header.revision == deleted.header.revision)
        await test.finish()
    }

    @Test func recreatedKeyStartsAFreshVersion() async throws {
        let test = try await Self.seeded()
        _ = try await test.store.deleteRange(DeleteRangeRequest(key: Data("k")))
        try await test.store.put("k", "again")
        let k = try #require(try await test.store.get(Data("k")))
        #expect(k.createRevision == 5 && k.version == 1)
        await test.finish()
    }

    // MARK: - The shapes kube-apiserver sends (storage/etcd3/store.go)

    @Test func kubeApiserverCreateFailsWhenKeyExists() async throws {
        let test = try await Self.seeded()
        let create = { (key: String) in
            TxnRequest(compare: [Self.compare(key, .modRevision(0), .equal)], success: [Self.put(key, "{}")])
        }
        #expect(try await test.store.txn(create("/registry/pods/default/web")).succeeded)
        #expect(try await !test.store.txn(create("/registry/pods/default/web")).succeeded)
        await test.finish()
    }

    @Test func kubeApiserverUpdateAndDeleteCompareModRevision() async throws {
        let test = try await Self.seeded()
        let update = { (rev: Revision) in
            TxnRequest(
                compare: [Self.compare("k", .modRevision(rev), .equal)], success: [Self.put("k", "new")],
                failure: [.range(RangeRequest(key: Data("k")))])
        }
        let stale = try await test.store.txn(update(2))
        #expect(!stale.succeeded)
        guard case .range(let current) = stale.responses.first else { Issue.record("no range"); return }
        #expect(current.kvs.first?.modRevision == 3)
        #expect(try await test.store.txn(update(3)).succeeded)

        let delete = TxnRequest(
            compare: [Self.compare("k", .modRevision(4), .equal)],
            success: [.deleteRange(DeleteRangeRequest(key: Data("k")))],
            failure: [.range(RangeRequest(key: Data("k")))])
        #expect(try await test.store.txn(delete).succeeded)
        #expect(try await test.store.get(Data("k")) == nil)
        await test.finish()
    }
}
