import EtcdCore
import Foundation

/// One revision of the store as a watch of many resource types reports it.
public struct RegistryChange: Sendable {
    /// The revision this change was written at.
    public var revision: Int64
    /// The type of the changed object, and the change; nil for a revision that touched none of the watched types
    /// (another type, or a key outside `/registry/`), which still tells the watcher the store has moved on.
    public var change: (type: ResourceType, event: ObjectEvent)?
}

extension Registry {
    /// Changes to objects of any of `types` after `resourceVersion`, in revision order, from one watch of the
    /// store, as kube-apiserver's watch cache feeds many watchers from one etcd watch.
    ///
    /// Every revision after `resourceVersion` is reported, including those that changed none of `types`, so
    /// a watcher that has seen revision R knows it has seen every change up to R. A compacted start throws
    /// `StatusError.expired` (410), after which the watcher lists again.
    public func watchAll(
        _ types: [ResourceType], resourceVersion: String
    ) async throws -> AsyncThrowingStream<RegistryChange, any Error> {
        guard let revision = Revision(resourceVersion) else {
            throw StatusError.badRequest("invalid resource version: \(resourceVersion)")
        }
        let prefixes = types.map { (prefix: Data($0.keyPrefix(namespace: nil).utf8), type: $0) }
            .sorted { $0.prefix.count > $1.prefix.count }
        let stream = try await store.watch(
            WatchRequest(key: Data([0]), rangeEnd: Data([0]), startRevision: revision + 1, prevKv: true))
        return relay(stream, expiredAfter: revision) { [self] event in
            let type = prefixes.first { event.kv.key.starts(with: $0.prefix) }?.type
            let change = try type.flatMap { type in try everyChange(event, type: type).map { (type, $0) } }
            return [RegistryChange(revision: event.kv.modRevision, change: change)]
        }
    }

    /// A watch event as a watcher of every object sees it. A put's previous value only tells ADDED from
    /// MODIFIED, so it is not decoded: half the decoding of a busy watch. Nil for a delete whose last value
    /// the store no longer has.
    private func everyChange(_ event: WatchEvent, type: ResourceType) throws -> ObjectEvent? {
        switch event.type {
        case .put:
            return ObjectEvent(type: event.prevKv == nil ? .added : .modified, object: try decode(event.kv, as: type))
        case .delete:
            guard let previous = event.prevKv else { return nil }
            var gone = try decode(previous, as: type)
            gone.resourceVersion = String(event.kv.modRevision)
            return ObjectEvent(type: .deleted, object: gone)
        }
    }
}
