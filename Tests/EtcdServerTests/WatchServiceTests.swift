import EtcdCore
import EtcdProto
import EtcdServer
import Foundation
import GRPCCore
import Testing

/// The Watch service speaks etcd's watch protocol: many watches per stream, ids, filters, prev_kv,
/// progress, fragments, cancellation and compaction.
@Suite(.serialized) struct WatchServiceTests {
    private func put(_ server: TestServer, _ name: String, _ value: String) async throws -> Revision {
        try await server.store.put(PutRequest(key: key(name), value: key(value))).header.revision
    }

    @Test func manyWatchesOnOneStreamEachGetTheirEvents() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let watch = WatchConnection(client)
                defer { watch.close() }
                watch.create("/registry/pods/", rangeEnd: "/registry/pods0")
                let first = try #require(await watch.next())
                #expect(first.created)
                #expect(first.watchID == 0)
                #expect(first.header.revision == 1)
                watch.create("/registry/services/", rangeEnd: "/registry/services0", prevKv: true)
                let second = try #require(await watch.next())
                #expect(second.created && second.watchID == 1)

                _ = try await put(server, "/registry/pods/default/a", "1")
                _ = try await put(server, "/registry/services/default/s", "1")
                _ = try await put(server, "/registry/services/default/s", "2")
                var byWatch: [Int64: [Etcdserverpb_WatchResponse]] = [:]
                for _ in 0..<3 {
                    let response = try #require(await watch.next())
                    byWatch[response.watchID, default: []].append(response)
                }
                #expect(byWatch[0]?.flatMap(\.events).map(\.kv.key.text) == ["/registry/pods/default/a"])
                let services = byWatch[1]?.flatMap(\.events) ?? []
                #expect(services.map(\.kv.value.text) == ["1", "2"])
                #expect(services.last?.prevKv.value.text == "1")
                #expect(services.first?.hasPrevKv == false)
                #expect(byWatch[1]?.last?.header.revision == 4)
            }
        }
    }

    /// A watch never finishes on its own: a graceful shutdown ends the streams (etcd's "server stopped") rather
    /// than waiting for them, and the server's run returns without being cancelled.
    @Test func gracefulShutdownEndsOpenWatchStreams() async throws {
        let server = try await TestServer.start()
        try await withClient(server) { client in
            let watch = WatchConnection(client)
            defer { watch.close() }
            watch.create("/registry/", rangeEnd: "/registry0")
            #expect(try #require(await watch.next()).created)
            server.server.beginGracefulShutdown()
            #expect(await server.runReturns(within: .seconds(30)))
            let ended = try #require(watch.error as? RPCError)
            #expect(ended.code == .unavailable && ended.message == "etcdserver: server stopped")
        }
        await server.stop()
    }

    @Test func clientChosenIdsAreKeptAndDuplicatesRefused() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let watch = WatchConnection(client)
                defer { watch.close() }
                watch.create("/a", id: 7)
                let created = try #require(await watch.next())
                #expect(created.created && created.watchID == 7 && !created.canceled)
                watch.create("/b", id: 7)
                let refused = try #require(await watch.next())
                #expect(refused.created && refused.canceled && refused.watchID == -1)
                #expect(refused.cancelReason == "mvcc: duplicate watch ID provided on the WatchStream")
                watch.create("/c", rangeEnd: "/a")
                let empty = try #require(await watch.next())
                #expect(empty.canceled && empty.cancelReason == "mvcc: watcher range is empty")
                watch.create("/d", start: -1)
                let negative = try #require(await watch.next())
                #expect(negative.canceled && negative.cancelReason == "etcdserver: mvcc: required revision has been compacted")
                // Automatic ids count from 0, skipping ids in use.
                watch.create("/e")
                #expect(try #require(await watch.next()).watchID == 0)
            }
        }
    }

    @Test func filtersDropPutsOrDeletes() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let watch = WatchConnection(client)
                defer { watch.close() }
                watch.create("/f", filters: [.noput])
                _ = await watch.next()
                _ = try await put(server, "/f", "x")
                _ = try await server.store.deleteRange(DeleteRangeRequest(key: key("/f")))
                let response = try #require(await watch.next())
                #expect(response.events.map(\.type) == [.delete])
                #expect(response.events.first?.kv.modRevision == 3)
            }
        }
    }

    @Test func historyReplaysFromAStartRevisionAndCompactionCancels() async throws {
        try await withTestServer { server in
            for index in 0..<5 { _ = try await put(server, "/h/\(index)", "v") }
            try await withClient(server) { client in
                let watch = WatchConnection(client)
                defer { watch.close() }
                watch.create("/h/", rangeEnd: "/h0", start: 4)
                #expect(try #require(await watch.next()).created)
                let replay = try #require(await watch.next())
                #expect(replay.events.map(\.kv.modRevision) == [4, 5, 6])

                _ = try await server.store.compact(5)
                watch.create("/h/", rangeEnd: "/h0", start: 2, id: 50)
                let created = try #require(await watch.next())
                #expect(created.created && created.watchID == 50)
                let canceled = try #require(await watch.next())
                #expect(canceled.watchID == 50 && canceled.canceled && canceled.compactRevision == 5)
            }
        }
    }

    @Test func cancelEndsOneWatchOnly() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let watch = WatchConnection(client)
                defer { watch.close() }
                watch.create("/c1")
                watch.create("/c2")
                _ = await watch.next()
                _ = await watch.next()
                watch.cancel(0)
                let canceled = try #require(await watch.next())
                #expect(canceled.watchID == 0 && canceled.canceled && !canceled.created)
                watch.cancel(42)  // unknown: ignored, as etcd ignores it
                _ = try await put(server, "/c1", "x")
                _ = try await put(server, "/c2", "y")
                let event = try #require(await watch.next())
                #expect(event.watchID == 1 && event.events.first?.kv.key.text == "/c2")
                #expect(await watch.drain(for: .milliseconds(200)).isEmpty)
            }
        }
    }

    @Test func progressRequestReportsTheCurrentRevision() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let watch = WatchConnection(client)
                defer { watch.close() }
                watch.requestProgress()  // no watches: no answer, as etcd
                #expect(await watch.drain(for: .milliseconds(200)).isEmpty)
                watch.create("/p/", rangeEnd: "/p0")
                _ = await watch.next()
                _ = try await put(server, "/other", "1")
                let revision = try await put(server, "/other", "2")
                // etcd drops a progress request while a watch may still be catching up; ask again then.
                var answer: Etcdserverpb_WatchResponse?
                for _ in 0..<5 where answer == nil {
                    watch.requestProgress()
                    answer = await watch.next(timeout: .seconds(1))
                }
                let progress = try #require(answer)
                #expect(progress.watchID == -1 && progress.events.isEmpty && !progress.created)
                #expect(progress.header.revision == revision)
            }
        }
    }

    @Test func progressNotifyTicksIdleWatches() async throws {
        try await withTestServer(progressNotifyInterval: .milliseconds(200)) { server in
            try await withClient(server) { client in
                let watch = WatchConnection(client)
                defer { watch.close() }
                watch.create("/t", progressNotify: true)
                _ = await watch.next()
                let revision = try await put(server, "/elsewhere", "1")
                let tick = try #require(await watch.next(timeout: .seconds(3)))
                #expect(tick.watchID == 0 && tick.events.isEmpty)
                #expect(tick.header.revision >= revision)
            }
        }
    }

    @Test func largeResponsesAreFragmentedWhenAsked() async throws {
        // A small request limit makes the fragment limit (limit + 512 KiB) reachable with a few events.
        try await withTestServer(maxRequestBytes: 64 * 1024) { server in
            let value = String(repeating: "x", count: 200 * 1024)
            var txn = TxnRequest()
            txn.success = (0..<6).map { .put(PutRequest(key: key("/frag/\($0)"), value: key(value))) }
            _ = try await server.store.txn(txn)
            try await withClient(server) { client in
                let watch = WatchConnection(client)
                defer { watch.close() }
                watch.create("/frag/", rangeEnd: "/frag0", start: 1, fragment: true)
                _ = await watch.next()
                var parts: [Etcdserverpb_WatchResponse] = []
                while let part = await watch.next(), parts.count < 10 {
                    parts.append(part)
                    if !part.fragment { break }
                }
                #expect(parts.count > 1)
                #expect(parts.dropLast().allSatisfy { $0.fragment })
                #expect(parts.last?.fragment == false)
                #expect(parts.flatMap(\.events).count == 6)
            }
        }
    }

    @Test func clientsThatDisconnectMidWatchLeaveTheServerUp() async throws {
        try await withTestServer { server in
            for round in 0..<5 {
                try await withClient(server) { client in
                    let watch = WatchConnection(client)
                    watch.create("/gone/", rangeEnd: "/gone0")
                    _ = await watch.next()
                    _ = try await put(server, "/gone/\(round)", "x")
                    _ = await watch.next()
                    watch.close()
                }
            }
            // Writes and new watches still work, and the store holds every write.
            _ = try await put(server, "/gone/after", "y")
            try await withClient(server) { client in
                let watch = WatchConnection(client)
                defer { watch.close() }
                watch.create("/gone/", rangeEnd: "/gone0", start: 1)
                _ = await watch.next()
                let replay = try #require(await watch.next())
                #expect(replay.events.count == 6)
            }
        }
    }
}
