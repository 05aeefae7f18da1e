import EtcdCore
import Foundation

extension Registry {
    /// The same changes as ``watch(_:namespace:resourceVersion:labelSelector:fieldSelector:)``, each with its
    /// object as the compact JSON an HTTP watch writes, made once per change for every watcher of it.
    ///
    /// An object's JSON is written as a list writes it (straight from a protobuf value) and kept by key and
    /// revision (``EncodedObjectCache``), so the next watcher of the same change copies its bytes. Without
    /// selectors nothing is decoded: a put's previous value only tells ADDED (none) from MODIFIED. With selectors
    /// the old and new objects are decoded to match them, shared among watchers (``DecodedObjectCache``).
    ///
    /// A watch without selectors from a given resourceVersion shares the type's store watch with the others
    /// (``SharedWatches``) when that has not passed its resourceVersion yet.
    public func watchJSON(
        _ type: ResourceType, namespace: String?, resourceVersion: String? = nil,
        labelSelector: LabelSelector = .everything, fieldSelector: FieldSelector = .everything
    ) async throws -> AsyncThrowingStream<EncodedObjectEvent, any Error> {
        if labelSelector.isEverything, fieldSelector.isEverything, type.conversion == nil,
            let revision = resourceVersion.flatMap(Revision.init), revision > 0
        {
            let prefix = Data(type.keyPrefix(namespace: type.namespaced ? namespace : nil).utf8)
            let shared = try await sharedWatches.join(
                type, prefix: prefix, from: revision + 1,
                open: { [self] from in
                    try await storeWatch(type, namespace: nil, resourceVersion: String(from - 1)).stream
                },
                encode: { [self] event in try encodedEvent(event, type: type, matches: nil) })
            if let shared { return shared }
        }
        let (stream, start) = try await storeWatch(type, namespace: namespace, resourceVersion: resourceVersion)
        var matches: (@Sendable (KubeObject) -> Bool)?
        if !labelSelector.isEverything || !fieldSelector.isEverything {
            matches = { labelSelector.matches($0.labels) && fieldSelector.matches($0) }
        }
        let selecting = matches
        return relay(stream, expiredAfter: start - 1) { [self] event in
            try encodedEvent(event, type: type, matches: selecting).map { [$0] } ?? []
        }
    }

    /// The encoded watch event an etcd event becomes, the event ``objectEvent(_:type:matches:)`` makes of it
    /// with its object encoded; nil when it makes none. `matches` nil: every object matches.
    private func encodedEvent(
        _ event: WatchEvent, type: ResourceType, matches: ((KubeObject) -> Bool)?
    ) throws -> EncodedObjectEvent? {
        let revision = event.kv.modRevision
        // The object a watch reports is the new value of a put, or the last value of a deleted key, each at
        // the change's revision.
        let reported: KeyValue
        let eventType: ObjectEvent.EventType
        if let matches {
            guard let made = try objectEvent(event, type: type, matches: matches) else { return nil }
            eventType = made.type
            reported = event.type == .put ? event.kv : event.prevKv ?? event.kv
        } else {
            switch event.type {
            case .put:
                eventType = event.prevKv == nil ? .added : .modified
                reported = event.kv
            case .delete:
                guard let previous = event.prevKv else { return nil }
                eventType = .deleted
                reported = previous
            }
        }
        return EncodedObjectEvent(
            type: eventType, resourceVersion: String(revision),
            json: try encodedJSON(reported, as: type, revision: revision, listed: false))
    }
}
