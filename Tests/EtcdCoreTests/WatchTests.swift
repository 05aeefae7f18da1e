import EtcdCore
import Foundation
import Testing

/// Watch semantics, as etcd's `mvcc/watchable_store.go` and `v3rpc/watch.go` define them.
@Suite("Watch", .serialized)
struct WatchTests {
    /// Collects events from `stream` until `count` have arrived.
    static func events(_ stream: WatchStream, count: Int) async throws -> [WatchEvent] {
        var events: [WatchEvent] = []
        for try await response in stream {
            events += response.events
            if events.count >= count { break }
        }
        return events
    }

    @Test func watchFromNowSeesOnlyLaterChanges() async throws {
        let test = try TestStore()
        try await test.store.put("/a", "before")
        let stream = try await test.store.watch(WatchRequest(key: Data("/"), rangeEnd: KeyRange.prefixEnd(Data("/"))))
        try await test.store.put("/a", "after")
        _ = try await test.store.deleteRange(DeleteRangeRequest(key: Data("/a")))
        let events = try await Self.events(stream, count: 2)
        #expect(events.map(\.type) == [.put, .delete])
        #expect(events[0].kv.value.string == "after" && events[0].kv.version == 2 && events[0].prevKv == nil)
        #expect(events[1].kv == KeyValue(key: Data("/a"), createRevision: 0, modRevision: 4, version: 0))
        stream.cancel()
        await test.finish()
    }

    @Test func startRevisionIsInclusiveAndReplaysHistory() async throws {
        let test = try TestStore()
        for value in ["1", "2", "3"] { try await test.store.put("k", value) }  // revisions 2, 3, 4
        let stream = try await test.store.watch(WatchRequest(key: Data("k"), startRevision: 3, prevKv: true))
        try await test.store.put("k", "4")
        let events = try await Self.events(stream, count: 3)
        #expect(events.map(\.kv.modRevision) == [3, 4, 5])
        #expect(events.map { $0.prevKv?.value.string } == ["1", "2", "3"])
        stream.cancel()
        await test.finish()
    }

    @Test func liveEventsCarryPrevKvOnlyWhenAsked() async throws {
        let test = try TestStore()
        try await test.store.put("k", "old")
        let with = try await test.store.watch(WatchRequest(key: Data("k"), prevKv: true))
        let without = try await test.store.watch(WatchRequest(key: Data("k")))
        try await test.store.put("k", "new")
        #expect(try await Self.events(with, count: 1).first?.prevKv?.value.string == "old")
        #expect(try await Self.events(without, count: 1).first?.prevKv == nil)
        await test.finish()
    }

    @Test func filtersDropPutsOrDeletes() async throws {
        let test = try TestStore()
        let noPut = try await test.store.watch(WatchRequest(key: Data("k"), noPut: true))
        try await test.store.put("k", "v")
        _ = try await test.store.deleteRange(DeleteRangeRequest(key: Data("k")))
        #expect(try await Self.events(noPut, count: 1).map(\.type) == [.delete])
        await test.finish()
    }

    @Test func rangeWatchIgnoresKeysOutside() async throws {
        let test = try TestStore()
        let stream = try await test.store.watch(WatchRequest(key: Data("b"), rangeEnd: Data("c")))
        try await test.store.put("a", "x")
        try await test.store.put("c", "x")
        try await test.store.put("b1", "x")
        #expect(try await Self.events(stream, count: 1).map(\.kv.key.string) == ["b1"])
        await test.finish()
    }

    @Test func compactedStartRevisionCancelsTheWatch() async throws {
        let test = try TestStore()
        for value in ["1", "2", "3", "4"] { try await test.store.put("k", value) }  // 2...5
        _ = try await test.store.compact(4)
        let stream = try await test.store.watch(WatchRequest(key: Data("k"), startRevision: 2))
        var iterator = stream.makeAsyncIterator()
        let response = try #require(try await iterator.next())
        #expect(response.canceled && response.compactRevision == 4 && response.events.isEmpty)
        #expect(try await iterator.next() == nil)
        let atCompaction = try await test.store.watch(WatchRequest(key: Data("k"), startRevision: 4))
        #expect(try await Self.events(atCompaction, count: 2).map(\.kv.modRevision) == [4, 5])
        await test.finish()
    }

    @Test func aSlowWatcherCatchesUpFromHistoryWithoutLosingEvents() async throws {
        let test = try TestStore { $0.maxQueuedWatchResponses = 4 }
        let stream = try await test.store.watch(WatchRequest(key: Data("k/"), rangeEnd: KeyRange.prefixEnd(Data("k/"))))
        // 50 commits while nobody reads: the watcher's buffer overflows and it must fall back to history.
        for index in 0..<50 { try await test.store.put("k/\(index)", "v") }
        let events = try await Self.events(stream, count: 50)
        #expect(events.map(\.kv.modRevision) == Array(2...51))
        try await test.store.put("k/live", "v")
        #expect(try await Self.events(stream, count: 1).first?.kv.key.string == "k/live")
        await test.finish()
    }

    @Test func concurrentWritersAreSeenInRevisionOrder() async throws {
        let test = try TestStore()
        let stream = try await test.store.watch(WatchRequest(key: Data("c/"), rangeEnd: KeyRange.prefixEnd(Data("c/"))))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask { for index in 0..<20 { try await test.store.put("c/\(writer)/\(index)", "v") } }
            }
            try await group.waitForAll()
        }
        let revisions = try await Self.events(stream, count: 160).map(\.kv.modRevision)
        #expect(revisions == Array(2...161))
        await test.finish()
    }

    @Test func cancelEndsTheStream() async throws {
        let test = try TestStore()
        let stream = try await test.store.watch(WatchRequest(key: Data("k")))
        let waiter = Task { try await Self.events(stream, count: 1) }
        try await Task.sleep(for: .milliseconds(20))
        stream.cancel()
        #expect(try await waiter.value.isEmpty)
        await test.finish()
    }

    @Test func closingTheStoreEndsWatches() async throws {
        let test = try TestStore()
        let stream = try await test.store.watch(WatchRequest(key: Data("k")))
        await test.store.close()
        var iterator = stream.makeAsyncIterator()
        #expect(try await iterator.next() == nil)
        await test.finish()
    }

    /// Another process's commits on the same file (here: a second store on it) reach this process's watchers,
    /// interleaved with this process's own, without loss or repetition.
    @Test func watchersSeeCommitsFromAnotherProcess() async throws {
        let test = try TestStore { $0.externalCommitCheckInterval = .milliseconds(10) }
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        let other = try SQLiteStore(path: test.path, configuration: configuration)
        let stream = try await test.store.watch(WatchRequest(key: Data("x/"), rangeEnd: KeyRange.prefixEnd(Data("x/")), prevKv: true))
        try await other.put("x/1", "from the other process")
        try await test.store.put("x/2", "from this one")
        try await other.put("x/1", "again")
        let events = try await Self.events(stream, count: 3)
        #expect(events.map(\.kv.modRevision) == [2, 3, 4])
        #expect(events.map(\.kv.value.string) == ["from the other process", "from this one", "again"])
        #expect(events[2].prevKv?.value.string == "from the other process")
        await other.close()
        await test.finish()
    }
}
