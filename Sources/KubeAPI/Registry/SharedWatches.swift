import EtcdCore
import Foundation
import Synchronization

/// One store watch per resource type (group, version and resource), shared by the JSON watches of it without selectors, as kube-apiserver's
/// cacher holds one etcd watch per resource and fans each change out from memory: each change is read, matched
/// and written as JSON once, then handed to every watcher of its namespace.
///
/// A watcher joins the shared watch when the watch has not yet handed out any change the watcher asked for
/// (its resourceVersion is at or after the last change handed out); otherwise it needs history the shared watch
/// has passed and gets a store watch of its own. The shared watch starts with its first watcher and ends with
/// its last. A watcher that falls ``backlogLimit`` events behind is ended, as kube-apiserver ends an
/// unresponsive watcher; its client watches again from the last resourceVersion it saw.
final class SharedWatches: Sendable {
    /// The events a watcher may have waiting before it is ended.
    let backlogLimit: Int

    init(backlogLimit: Int = 10_000) {
        self.backlogLimit = backlogLimit
    }

    private struct Subscriber {
        /// The key prefix of its namespace (or the type's, for all namespaces).
        var prefix: Data
        /// The first revision it reports.
        var from: Revision
        var continuation: AsyncThrowingStream<EncodedObjectEvent, any Error>.Continuation
    }

    private struct Shared {
        /// Tells this shared watch from a later one of the same type.
        let id = UUID()
        /// The last revision handed out (or before the first the store watch reports).
        var delivered: Revision
        var subscribers: [UUID: Subscriber] = [:]
        var stream: WatchStream
    }

    private let watches = Mutex<[String: Shared]>([:])

    /// The changes to `type`'s objects under `prefix` from revision `from` on, from the type's shared watch,
    /// or nil when the shared watch has already handed out changes at or after `from`.
    ///
    /// - Parameters:
    ///   - open: opens the store watch of the type's keys in every namespace from a revision, with previous values.
    ///   - encode: the encoded event an etcd event becomes, nil when it makes none.
    func join(
        _ type: ResourceType, prefix: Data, from: Revision,
        open: @escaping @Sendable (Revision) async throws -> WatchStream,
        encode: @escaping @Sendable (WatchEvent) throws -> EncodedObjectEvent?
    ) async throws -> AsyncThrowingStream<EncodedObjectEvent, any Error>? {
        // One per served group, version and resource: two may share a key prefix (core and events.k8s.io
        // events) and write different JSON.
        let name = "\(type.group)/\(type.version)/\(type.plural)"
        let (events, continuation) = AsyncThrowingStream<EncodedObjectEvent, any Error>.makeStream(
            bufferingPolicy: .bufferingOldest(backlogLimit))
        let id = UUID()
        let subscriber = Subscriber(prefix: prefix, from: from, continuation: continuation)
        // Join a running shared watch when it has handed out nothing this watcher wants.
        let joined = watches.withLock { watches -> Bool? in
            guard var shared = watches[name] else { return false }
            guard shared.delivered < from else { return nil }
            shared.subscribers[id] = subscriber
            watches[name] = shared
            return true
        }
        guard let joined else { return nil }
        if !joined {
            // Start one from this watcher's revision; another watcher may have started one meanwhile.
            let stream = try await open(from)
            let shared = Shared(delivered: from - 1, subscribers: [id: subscriber], stream: stream)
            let started = watches.withLock { watches -> Bool in
                guard watches[name] == nil else { return false }
                watches[name] = shared
                return true
            }
            guard started else {
                stream.cancel()
                return try await join(type, prefix: prefix, from: from, open: open, encode: encode)
            }
            Task { await self.relay(name, shared.id, stream, encode: encode) }
        }
        continuation.onTermination = { [weak self] _ in self?.leave(name, id) }
        return events
    }

    /// How many shared watches are running.
    var count: Int { watches.withLock { $0.count } }

    /// Hands each change of the shared watch to its watchers, until the store watch ends or its last watcher goes.
    private func relay(
        _ name: String, _ sharedID: UUID, _ stream: WatchStream,
        encode: @Sendable (WatchEvent) throws -> EncodedObjectEvent?
    ) async {
        do {
            for try await response in stream {
                if response.canceled {
                    // The revision it started from is compacted: a watcher from before the compaction has
                    // expired (410, as its own watch would); a later one joined in the meantime is just ended, and
                    // its client watches again.
                    let compacted = response.compactRevision
                    end(name, sharedID, stream) { subscriber in
                        subscriber.from < compacted
                            ? StatusError.expired("too old resource version: \(subscriber.from - 1) (\(compacted))") : nil
                    }
                    return
                }
                for event in response.events {
                    let encoded = try encode(event)
                    let modRevision = event.kv.modRevision
                    let subscribers = watches.withLock { watches -> [(UUID, Subscriber)] in
                        guard watches[name]?.id == sharedID else { return [] }
                        watches[name]?.delivered = modRevision
                        return Array(watches[name]?.subscribers ?? [:])
                    }
                    guard let encoded else { continue }
                    for (id, subscriber) in subscribers
                    where modRevision >= subscriber.from && event.kv.key.starts(with: subscriber.prefix) {
                        if case .dropped = subscriber.continuation.yield(encoded) {
                            subscriber.continuation.finish()
                            leave(name, id)
                        }
                    }
                }
            }
            end(name, sharedID, stream) { _ in nil }
        } catch {
            end(name, sharedID, stream) { _ in error }
        }
    }

    /// Removes a watcher; the last one ends the shared watch.
    private func leave(_ name: String, _ id: UUID) {
        let emptied = watches.withLock { watches -> WatchStream? in
            guard var shared = watches[name], shared.subscribers.removeValue(forKey: id) != nil else { return nil }
            if shared.subscribers.isEmpty {
                watches[name] = nil
                return shared.stream
            }
            watches[name] = shared
            return nil
        }
        emptied?.cancel()
    }

    /// Ends a shared watch whose store watch ended, and each of its watchers with the error `error` gives it
    /// (or without one, when nil).
    private func end(
        _ name: String, _ sharedID: UUID, _ stream: WatchStream, error: (Subscriber) -> (any Error)?
    ) {
        let subscribers = watches.withLock { watches -> [Subscriber] in
            guard let shared = watches[name], shared.id == sharedID else { return [] }
            watches[name] = nil
            return Array(shared.subscribers.values)
        }
        stream.cancel()
        for subscriber in subscribers { subscriber.continuation.finish(throwing: error(subscriber)) }
    }
}
