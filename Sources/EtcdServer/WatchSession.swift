import EtcdCore
import EtcdProto
import Foundation
import GRPCCore
import SwiftProtobuf
import Synchronization

/// One Watch stream: creates and cancels watches as the client asks, and forwards each watch's events.
///
/// As etcd does (`v3rpc/watch.go`, `mvcc/watcher.go`):
/// - A create request is answered `{created, watch_id}` with the current revision in the header, before any
///   of its events. An empty key means `"\0"`; `range_end` `"\0"` means every key from `key` on.
///   Watch ids are chosen by the client (non-zero `watch_id`) or counted up from 0; an id in use, a negative
///   start revision, or an empty range is answered `{created, canceled, watch_id: -1, cancel_reason}`.
/// - `start_revision` 0 watches from the next revision; an old one replays history first; a compacted one
///   is answered `{canceled, compact_revision}` after its creation.
/// - A cancel request for a watch of this stream is answered `{canceled, watch_id}`; others are ignored.
/// - A progress request is answered `{watch_id: -1}` with the current revision once every watch of the
///   stream has sent everything up to it; when some watch is still catching up it is dropped, as etcd drops it.
/// - Watches with `progress_notify` get `{watch_id}` with the current revision each interval in which they
///   sent nothing. Watches with `fragment` have responses over the limit split into `fragment: true` parts.
/// - The client closing its side ends no watch; the stream lasts until the client goes away.
final class WatchSession: Sendable {
    private struct ActiveWatch {
        let stream: WatchStream
        let progressNotify: Bool
        let fragment: Bool
        var pump: Task<Void, Never>?
        /// Every event up to this revision has been sent.
        var sentThrough: Revision
        /// Whether the store may still be replaying history to this watch (it started in the past, or fell
        /// behind): while so, being idle proves nothing about being up to date.
        var mayLag: Bool
        /// The pump is waiting for the store's next response; `epoch` counts its waits.
        var waiting = false
        var epoch = 0
        /// Events were sent since the last progress tick.
        var sentSinceTick = false
    }

    private struct State {
        var watches: [Int64: ActiveWatch] = [:]
        var nextID: Int64 = 0
        /// The tasks of watches that ended on their own (compaction, the store closing), still to be awaited.
        var endedPumps: [Task<Void, Never>] = []
    }

    /// clientv3's InvalidWatchID.
    static let invalidWatchID: Int64 = -1

    private let served: ServedStore
    private let writer: SerialWriter<Etcdserverpb_WatchResponse>
    private let fragmentBytes: Int
    private let progressNotifyInterval: Duration
    private let state = Mutex(State())

    init(
        served: ServedStore, writer: SerialWriter<Etcdserverpb_WatchResponse>, fragmentBytes: Int,
        progressNotifyInterval: Duration
    ) {
        self.served = served
        self.writer = writer
        self.fragmentBytes = fragmentBytes
        self.progressNotifyInterval = progressNotifyInterval
    }

    /// Serves the stream until the client goes away (the task is cancelled) or a write fails; returns once
    /// the stream's own tasks have ended too.
    func run(_ requests: RPCAsyncSequence<Etcdserverpb_WatchRequest, any Error>) async throws {
        let ticker = Task { [weak self, progressNotifyInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: progressNotifyInterval)
                guard let self, !Task.isCancelled else { return }
                try? await self.progressTick()
            }
        }
        do {
            try await serve(requests)
        } catch {
            await stopAll(ticker)
            throw error
        }
        await stopAll(ticker)
    }

    private func serve(_ requests: RPCAsyncSequence<Etcdserverpb_WatchRequest, any Error>) async throws {
        do {
            for try await request in requests {
                switch request.requestUnion {
                case .createRequest(let create): try await self.create(create)
                case .cancelRequest(let cancel): try await self.cancel(cancel.watchID)
                case .progressRequest: try await self.progress()
                case nil: continue
                }
            }
        } catch is CancellationError {
            return
        }
        // The client closed its side; its watches go on until it goes away, as etcd's do.
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(3600))
        }
    }

    // MARK: - Requests

    private func create(_ request: Etcdserverpb_WatchCreateRequest) async throws {
        let current = try await etcdCall { try await served.currentRevision() }
        var watch = WatchRequest(request)
        if request.startRevision < 0 {
            return try await refuse(EtcdError.compacted.description, revision: current)
        }
        let end = watch.rangeEnd == Data([0]) ? Data() : watch.rangeEnd
        if !end.isEmpty && !watch.key.lexicographicallyPrecedes(end) {
            return try await refuse("mvcc: watcher range is empty", revision: current)
        }
        let id: Int64? = state.withLock { state in
            if request.watchID != 0 {
                return state.watches[request.watchID] == nil ? request.watchID : nil
            }
            while state.watches[state.nextID] != nil { state.nextID += 1 }
            defer { state.nextID += 1 }
            return state.nextID
        }
        guard let id else {
            return try await refuse("mvcc: duplicate watch ID provided on the WatchStream", revision: current)
        }
        // "From now" is pinned to the revision the created response reports.
        let startsInThePast = watch.startRevision > 0 && watch.startRevision <= current
        if watch.startRevision <= 0 { watch.startRevision = current + 1 }
        let stream = try await etcdCall { try await served.store.watch(watch) }
        state.withLock { state in
            state.watches[id] = ActiveWatch(
                stream: stream, progressNotify: request.progressNotify, fragment: request.fragment,
                sentThrough: watch.startRevision - 1, mayLag: startsInThePast)
        }
        var created = Etcdserverpb_WatchResponse()
        created.header = served.header(current)
        created.watchID = id
        created.created = true
        try await writer.write(created)
        let pump = Task { await self.pump(id, stream) }
        state.withLock { state in
            // A watch whose start revision was compacted may have ended already.
            if state.watches[id] != nil { state.watches[id]!.pump = pump } else { state.endedPumps.append(pump) }
        }
    }

    /// Answers a create request that makes no watch.
    private func refuse(_ reason: String, revision: Revision) async throws {
        var response = Etcdserverpb_WatchResponse()
        response.header = served.header(revision)
        response.watchID = Self.invalidWatchID
        response.created = true
        response.canceled = true
        response.cancelReason = reason
        try await writer.write(response)
    }

    private func cancel(_ id: Int64) async throws {
        guard let watch = state.withLock({ $0.watches.removeValue(forKey: id) }) else { return }
        watch.stream.cancel()
        watch.pump?.cancel()
        await watch.pump?.value
        var response = Etcdserverpb_WatchResponse()
        response.header = served.header(try await etcdCall { try await served.currentRevision() })
        response.watchID = id
        response.canceled = true
        try await writer.write(response)
    }

    private func progress() async throws {
        let revision = try await etcdCall { try await served.publishedRevision() }
        let ids = state.withLock { Array($0.watches.keys) }
        guard !ids.isEmpty, await upToDate(ids, through: revision) else { return }
        var response = Etcdserverpb_WatchResponse()
        response.header = served.header(revision)
        response.watchID = Self.invalidWatchID
        try await writer.write(response)
    }

    private func progressTick() async throws {
        let due = state.withLock { state in
            state.watches.filter { $0.value.progressNotify && !$0.value.sentSinceTick }.map(\.key)
        }
        state.withLock { state in
            for id in state.watches.keys { state.watches[id]!.sentSinceTick = false }
        }
        guard !due.isEmpty else { return }
        let revision = try await served.publishedRevision()
        for id in due where await upToDate([id], through: revision) {
            var response = Etcdserverpb_WatchResponse()
            response.header = served.header(revision)
            response.watchID = id
            try await writer.write(response)
        }
    }

    /// Whether each watch has sent every event up to `revision`, which the store has already handed to watchers.
    ///
    /// A watch that has sent an event at or after `revision` has. So has one whose pump is waiting for the
    /// store while not replaying history: the store hands a live watch each commit's events as it publishes
    /// it, so a waiting pump has nothing pending. The wait is confirmed a moment later, so that a response the
    /// store has just handed over is not missed.
    private func upToDate(_ ids: [Int64], through revision: Revision) async -> Bool {
        func waiting() -> [Int64: Int]? {
            state.withLock { state in
                var epochs: [Int64: Int] = [:]
                for id in ids {
                    guard let watch = state.watches[id] else { continue }
                    if watch.sentThrough >= revision { continue }
                    guard watch.waiting && !watch.mayLag else { return nil }
                    epochs[id] = watch.epoch
                }
                return epochs
            }
        }
        guard let first = waiting() else { return false }
        if first.isEmpty { return true }
        try? await Task.sleep(for: .milliseconds(2))
        guard let second = waiting() else { return false }
        return second.allSatisfy { first[$0.key] == $0.value }
    }

    // MARK: - Forwarding

    /// Sends a watch's responses until it ends: canceled by the client, by compaction, or by the store closing.
    private func pump(_ id: Int64, _ stream: WatchStream) async {
        var iterator = stream.makeAsyncIterator()
        while !Task.isCancelled {
            state.withLock { state in
                state.watches[id]?.waiting = true
                state.watches[id]?.epoch += 1
            }
            let next = try? await iterator.next()
            state.withLock { $0.watches[id]?.waiting = false }
            guard let next, !Task.isCancelled else { break }
            do {
                if next.canceled {
                    // Its start revision was compacted: etcd reports the compaction revision and ends it.
                    guard leave(id) else { return }
                    var response = Etcdserverpb_WatchResponse()
                    response.header = served.header(next.header.revision)
                    response.watchID = id
                    response.compactRevision = next.compactRevision
                    response.canceled = true
                    try await writer.write(response)
                    return
                }
                try await send(next, watch: id)
            } catch {
                break
            }
        }
        // A watch the store ended (it is closing) leaves the stream; a canceled one has left already.
        if !Task.isCancelled { _ = leave(id) }
    }

    /// Removes a watch that ends on its own from the stream, keeping its task to be awaited; false if it had
    /// left already.
    private func leave(_ id: Int64) -> Bool {
        state.withLock { state in
            guard let watch = state.watches.removeValue(forKey: id) else { return false }
            if let pump = watch.pump { state.endedPumps.append(pump) }
            return true
        }
    }

    private func send(_ response: WatchResponse, watch id: Int64) async throws {
        guard let fragment = state.withLock({ $0.watches[id]?.fragment }) else { return }
        var message = Etcdserverpb_WatchResponse()
        message.header = served.header(response.header.revision)
        message.watchID = id
        message.events = response.events.map(\.proto)
        if fragment && message.events.count > 1 {
            for part in try fragments(of: message) { try await writer.write(part) }
        } else {
            try await writer.write(message)
        }
        let latest = response.events.last?.kv.modRevision ?? 0
        state.withLock { state in
            guard var watch = state.watches[id] else { return }
            watch.sentThrough = max(watch.sentThrough, latest)
            watch.sentSinceTick = watch.sentSinceTick || !response.events.isEmpty
            // A response whose header is past its events came from history: the store is replaying.
            watch.mayLag = response.header.revision > latest
            state.watches[id] = watch
        }
    }

    /// etcd's `sendFragments`: a response at least `fragmentBytes` long is split into parts of fewer bytes
    /// (at least one event each), all but the last marked `fragment`.
    private func fragments(of message: Etcdserverpb_WatchResponse) throws -> [Etcdserverpb_WatchResponse] {
        func size(_ message: Etcdserverpb_WatchResponse) throws -> Int {
            let bytes: [UInt8] = try message.serializedBytes()
            return bytes.count
        }
        guard try size(message) >= fragmentBytes else { return [message] }
        var parts: [Etcdserverpb_WatchResponse] = []
        var current = message
        current.events = []
        current.fragment = true
        for event in message.events {
            current.events.append(event)
            if current.events.count > 1, try size(current) >= fragmentBytes {
                current.events.removeLast()
                parts.append(current)
                current.events = [event]
            }
        }
        current.fragment = false
        parts.append(current)
        return parts
    }

    /// Ends every watch of the stream and the progress ticker, and waits for their tasks: they run on the
    /// handler's executor (the server's event loop), which must not be gone when they wake.
    private func stopAll(_ ticker: Task<Void, Never>) async {
        ticker.cancel()
        let (watches, ended) = state.withLock { state in
            defer {
                state.watches.removeAll()
                state.endedPumps.removeAll()
            }
            return (Array(state.watches.values), state.endedPumps)
        }
        for watch in watches {
            watch.stream.cancel()
            watch.pump?.cancel()
        }
        await ticker.value
        for pump in watches.compactMap(\.pump) + ended { await pump.value }
    }
}
