import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI
import Synchronization

/// Streams watches as kube-apiserver does (`apiserver/pkg/endpoints/handlers/watch.go`): one
/// `{"type":…,"object":…}` JSON line per event, `BOOKMARK` events when asked for, an `ERROR` event carrying a
/// `Status` when the watch cannot go on, and the end of the response after `timeoutSeconds` or when the
/// server shuts down.
///
/// With a Table `Accept` header each event's object is a one-row Table; only the first carries the column
/// definitions, as kube-apiserver sends them. A JSON event's object is written once for every watcher of the
/// same change (``Registry/watchJSON(_:namespace:resourceVersion:labelSelector:fieldSelector:)``), as
/// kube-apiserver caches each event's serialization; each watch copies the bytes.
final class WatchResponder: Sendable {
    private let registry: Registry
    private let bookmarkInterval: Duration
    private let limit: WatchLimit
    /// The open watches, each as what ends it, ended together on shutdown.
    private let open = Mutex<(closed: Bool, streams: [UUID: @Sendable () -> Void])>((false, [:]))

    /// kube-apiserver's `--min-request-timeout`: a watch without `timeoutSeconds` ends after it.
    static let defaultTimeout: Duration = .seconds(1800)

    init(registry: Registry, bookmarkInterval: Duration = .seconds(60), maxPerClient: Int = WatchLimit.defaultPerClient) {
        self.registry = registry
        self.bookmarkInterval = bookmarkInterval
        limit = WatchLimit(perClient: maxPerClient)
    }

    /// How many watches are streaming.
    var openCount: Int { open.withLock { $0.streams.count } }

    /// What the response writes, in order.
    enum WatchOutput<Event: Sendable>: Sendable {
        case event(Event)
        case bookmark
        case error(StatusError)
    }

    /// Ends every open watch and refuses new ones.
    func closeAll() {
        let streams = open.withLock { state in
            state.closed = true
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for finish in streams { finish() }
    }

    /// The watch's response, or 429 when its client already holds ``WatchLimit/perClient`` watches. The watch
    /// ends when its client goes (``ClientDeparture``), not at the next event after that.
    func respond(
        type: ResourceType, namespace: String?, query: QueryParameters, negotiation: ContentNegotiation,
        client: ClientIdentity, departure: ClientDeparture
    ) async throws -> Response {
        try ResourceHandler.listOptions(query).validateWatch()
        guard limit.admit(client) else { return limit.refusal() }
        var admitted = true
        defer { if admitted { limit.release(client) } }
        let selectors = try Selectors(query, type: type)
        // Without a resourceVersion, or with "0", a watch starts with an ADDED event for every object that
        // exists, then goes on from there ("Get State and Start at Most Recent"; kubectl's `get NAME -w` skips
        // that first event).
        var resourceVersion = query["resourceVersion"] ?? ""
        var initial: [ObjectEvent] = []
        if resourceVersion.isEmpty || resourceVersion == "0" {
            let current = try await registry.list(
                type, namespace: namespace, labelSelector: selectors.labels, fieldSelector: selectors.fields)
            initial = current.items.map { ObjectEvent(type: .added, object: $0) }
            resourceVersion = current.resourceVersion
        }
        let timeout = query["timeoutSeconds"].flatMap(Int64.init).map { Duration.seconds($0) } ?? Self.defaultTimeout
        let bookmarks = query.flag("allowWatchBookmarks")
        let release: @Sendable () -> Void = { [limit] in limit.release(client) }
        let table = negotiation.wantsTable
        let body: ResponseBody
        if table {
            let events = try await registry.watch(
                type, namespace: namespace, resourceVersion: resourceVersion, labelSelector: selectors.labels,
                fieldSelector: selectors.fields)
            let output = stream(
                of: events, after: initial, timeout: timeout, bookmarks: bookmarks, departure: departure, release: release)
            admitted = false
            let columns = try await ResourceHandler.printerColumns(for: type, registry: registry)
            body = Self.body(output, type: type, startRevision: resourceVersion) { event, first, buffer in
                var object = TableConverter.table(
                    for: [event.object], type: type, printerColumns: columns,
                    resourceVersion: event.object.resourceVersion ?? "", now: Date())
                if !first { object["columnDefinitions"] = .null }
                let line: JSONValue = ["type": .string(event.type.rawValue), "object": object]
                buffer.writeBytes(Self.line(line))
                return event.object.resourceVersion
            }
        } else {
            // Each change's JSON is written once for all the watchers of it (`Registry.watchJSON`).
            let events = try await registry.watchJSON(
                type, namespace: namespace, resourceVersion: resourceVersion, labelSelector: selectors.labels,
                fieldSelector: selectors.fields)
            let output = stream(
                of: events, after: initial.map(EncodedObjectEvent.init), timeout: timeout, bookmarks: bookmarks,
                departure: departure, release: release)
            admitted = false
            body = Self.body(output, type: type, startRevision: resourceVersion) { event, _, buffer in
                buffer.writeWatchLine(event)
                return event.resourceVersion
            }
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: table ? ContentNegotiation.table : ContentNegotiation.json,
                .cacheControl: "no-cache, private",
            ],
            body: body)
    }

    /// The response body: one line per output, an event's as `line` writes it (`first`: no event came before)
    /// with the resourceVersion a later bookmark reports; everything queued at once goes out in one write.
    private static func body<Event: Sendable>(
        _ output: WatchOutputQueue<WatchOutput<Event>>, type: ResourceType, startRevision: String,
        line: @escaping @Sendable (Event, _ first: Bool, inout ByteBuffer) -> String?
    ) -> ResponseBody {
        ResponseBody { writer in
            defer { output.finish() }
            var first = true
            var lastRevision = startRevision
            while let items = await output.next() {
                var buffer = ByteBuffer()
                for item in items {
                    switch item {
                    case .event(let event):
                        lastRevision = line(event, first, &buffer) ?? lastRevision
                        first = false
                    case .bookmark:
                        guard !lastRevision.isEmpty && lastRevision != "0" else { continue }
                        buffer.writeBytes(Self.line([
                            "type": "BOOKMARK",
                            "object": [
                                "kind": .string(type.kind), "apiVersion": .string(type.apiVersion),
                                "metadata": ["resourceVersion": .string(lastRevision), "creationTimestamp": .null],
                            ],
                        ]))
                    case .error(let error):
                        buffer.writeBytes(Self.line(["type": "ERROR", "object": error.status]))
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
            }
            try await writer.finish(nil)
        }
    }

    /// One line of a watch response: the compact JSON of `value` and a newline.
    private static func line(_ value: JSONValue) -> [UInt8] {
        var bytes = value.jsonBytes()
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Merges the initial events, the registry's events, bookmark ticks, the timeout and shutdown into what the
    /// response writes.
    private func stream<Event: Sendable>(
        of events: AsyncThrowingStream<Event, any Error>, after initial: [Event], timeout: Duration,
        bookmarks: Bool, departure: ClientDeparture, release: @escaping @Sendable () -> Void
    ) -> WatchOutputQueue<WatchOutput<Event>> {
        let output = WatchOutputQueue<WatchOutput<Event>>(initial: initial.map { .event($0) })
        let id = UUID()
        let registered = open.withLock { state in
            if !state.closed { state.streams[id] = { output.finish() } }
            return !state.closed
        }
        departure.onDeparture(id) { output.finish() }
        let interval = bookmarkInterval
        Task { [weak self] in
            if registered {
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await event in events { output.yield(.event(event)) }
                        } catch let error as StatusError {
                            output.yield(.error(error))
                        } catch {
                            output.yield(.error(.internalError("\(error)")))
                        }
                    }
                    group.addTask { try? await Task.sleep(for: timeout) }
                    group.addTask { await output.finished() }
                    if bookmarks {
                        group.addTask {
                            while (try? await Task.sleep(for: interval)) != nil { output.yield(.bookmark) }
                        }
                    }
                    await group.next()
                    output.finish()
                    group.cancelAll()
                }
            }
            output.finish()
            departure.remove(id)
            release()
            _ = self?.open.withLock { $0.streams.removeValue(forKey: id) }
        }
        return output
    }
}

extension ByteBuffer {
    /// Writes `event` as one line of a watch response: `{"object":…,"type":…}` and a newline, the bytes
    /// `["type": …, "object": …].jsonBytes()` writes (keys sorted), without building the line as a value.
    mutating func writeWatchLine(_ event: EncodedObjectEvent) {
        writeStaticString(#"{"object":"#)
        writeBytes(event.json)
        writeStaticString(#","type":""#)
        writeString(event.type.rawValue)
        writeStaticString("\"}\n")
    }
}
