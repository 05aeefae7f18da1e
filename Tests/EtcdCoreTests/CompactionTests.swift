import EtcdCore
import Foundation
import Testing

/// Compaction, as etcd's `mvcc/kvstore_compaction.go` defines it: history below the revision goes, each key's
/// last state at that revision stays readable.
@Suite("Compaction", .serialized)
struct CompactionTests {
    @Test func readsBelowTheCompactionRevisionFail() async throws {
        let test = try TestStore()
        for value in ["1", "2", "3", "4"] { try await test.store.put("k", value) }  // 2...5
        try await test.store.put("other", "x")  // 6
        let header = try await test.store.compact(4)
        #expect(header.revision == 6, "compaction does not create a revision")
        await #expect(throws: EtcdError.compacted) { try await test.store.range(RangeRequest(key: Data("k"), revision: 3)) }
        #expect(try await test.store.range(RangeRequest(key: Data("k"), revision: 4)).kvs.first?.value.string == "3")
        #expect(try await test.store.range(RangeRequest(key: Data("k"), revision: 5)).kvs.first?.value.string == "4")
        #expect(try await test.store.range(RangeRequest(key: Data("other"), revision: 4)).kvs.isEmpty)
        await test.finish()
    }

    @Test func compactingAgainOrAheadFails() async throws {
        let test = try TestStore()
        for value in ["1", "2", "3"] { try await test.store.put("k", value) }
        _ = try await test.store.compact(3)
        await #expect(throws: EtcdError.alreadyCompacted) { try await test.store.compact(3) }
        await #expect(throws: EtcdError.alreadyCompacted) { try await test.store.compact(2) }
        await #expect(throws: EtcdError.futureRevision) { try await test.store.compact(99) }
        await test.finish()
    }

    @Test func sweepKeepsEachKeysLastStateAndDropsDeletedKeys() async throws {
        let test = try TestStore { $0.compactionBatch = 3 }
        for index in 0..<10 { try await test.store.put("k", "\(index)") }  // 2...11
        try await test.store.put("gone", "x")  // 12
        _ = try await test.store.deleteRange(DeleteRangeRequest(key: Data("gone")))  // 13
        try await test.store.put("k", "last")  // 14
        _ = try await test.store.compact(13)
        try await test.store.waitForCompactionSweep()
        // Every older read fails; at 13 "k" is "9" and "gone" is gone, and both survive a second compaction.
        #expect(try await test.store.range(RangeRequest(key: Data("k"), revision: 13)).kvs.first?.value.string == "9")
        #expect(try await test.store.range(RangeRequest(key: Data("gone"), revision: 13)).kvs.isEmpty)
        let watch = try await test.store.watch(WatchRequest(key: Data("k"), startRevision: 13))
        #expect(try await WatchTests.events(watch, count: 1).map(\.kv.value.string) == ["last"])
        #expect(try HistoryRows.count(test.path) == 2, "k at 11 and k at 14 remain")
        _ = try await test.store.compact(14)
        try await test.store.waitForCompactionSweep()
        #expect(try HistoryRows.count(test.path) == 1)
        #expect(try await test.store.get(Data("k"))?.value.string == "last")
        await test.finish()
    }
}
