import EtcdCore
import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI
import NIOCore
import Synchronization

/// The explorer's live feed: a watch of every key under `/registry/` as Server-Sent Events, one `data:` line per
/// write as it commits: `{"revision", "key", "operation": create|update|delete, "writer"}` (``WriteAttribution``).
/// The first event (`event: start`) names the revision the feed follows from (the one asked for, or the head when
/// that one is compacted; or an `event: compacted` that ends the feed, as a store may tell only then). It ends when
/// its client goes or the server shuts down.
final class ExplorerFeed: Sendable {
    private let store: any KeyValueStore
    private let open = Mutex<(closed: Bool, streams: [UUID: WatchStream])>((false, [:]))

    init(store: any KeyValueStore) {
        self.store = store
    }

    /// Ends every feed and refuses new ones.
    func closeAll() {
        let streams = open.withLock { state in
            state.closed = true
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for stream in streams { stream.cancel() }
    }

    /// The feed from `after` (exclusive; nil: from now).
    func respond(after: Revision?, departure: ClientDeparture) async throws -> Response {
        let start = Data(RegistryReader.root.utf8)
        let head = try await store.range(RangeRequest(key: start, rangeEnd: KeyRange.prefixEnd(start), countOnly: true))
            .header.revision
        var resumeAt = after.map { min($0, head) } ?? head
        let watch = { (from: Revision) in
            try await self.store.watch(
                WatchRequest(key: start, rangeEnd: KeyRange.prefixEnd(start), startRevision: from + 1, prevKv: true))
        }
        let stream: WatchStream
        do {
            stream = try await watch(resumeAt)
        } catch EtcdError.compacted {
            // A feed resumed past a compaction goes on from now; its start event says where.
            resumeAt = head
            stream = try await watch(resumeAt)
        }
        let from = resumeAt
        let id = UUID()
        let registered = open.withLock { state in
            if !state.closed { state.streams[id] = stream }
            return !state.closed
        }
        if !registered { stream.cancel() }
        departure.onDeparture(id) { stream.cancel() }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache, private"],
            body: ResponseBody { [weak self] writer in
                defer {
                    departure.remove(id)
                    _ = self?.open.withLock { $0.streams.removeValue(forKey: id) }
                    stream.cancel()
                }
                try await writer.write(ByteBuffer(string: "event: start\ndata: {\"revision\":\(from)}\n\n"))
                for try await response in stream {
                    if response.canceled {
                        // The revision it resumed from is compacted: the client starts again from now.
                        if response.compactRevision > 0 { try await writer.write(ByteBuffer(string: "event: compacted\ndata: {}\n\n")) }
                        break
                    }
                    var chunk = ""
                    for event in response.events {
                        chunk += "data: " + Self.describe(event).jsonString() + "\n\n"
                    }
                    if !chunk.isEmpty { try await writer.write(ByteBuffer(string: chunk)) }
                }
                try await writer.finish(nil)
            })
    }

    static func describe(_ event: WatchEvent) -> JSONValue {
        let operation = event.type == .delete ? "delete" : event.kv.version == 1 ? "create" : "update"
        return [
            "revision": .int(event.kv.modRevision), "key": .string(String(decoding: event.kv.key, as: UTF8.self)),
            "operation": .string(operation), "writer": .string(WriteAttribution.writer(of: event)),
        ]
    }
}
