import Foundation
import KubeAPI
import Synchronization

/// The API as one reconcile uses it, noting the highest revision its writes reached, so the manager can wait
/// until the cache has seen them before the next reconcile reads it (what client-go's expectations are for).
struct WriteTrackingAPI: ClusterAPI {
    let base: any ClusterAPI
    let written = HighestRevision()

    var catalog: ResourceCatalog { base.catalog }

    private func note(_ object: KubeObject) -> KubeObject {
        if let revision = Int64(object.resourceVersion ?? "") { written.note(revision) }
        return object
    }

    func get(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject {
        try await base.get(type, namespace: namespace, name: name)
    }

    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int64, continueToken: String?, version: ListVersion
    ) async throws -> ObjectList {
        try await base.list(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: limit,
            continueToken: continueToken, version: version)
    }

    func watchAll(_ types: [ResourceType], resourceVersion: String) async throws -> AsyncThrowingStream<RegistryChange, any Error> {
        try await base.watchAll(types, resourceVersion: resourceVersion)
    }

    func create(_ type: ResourceType, namespace: String?, object: JSONValue, options: WriteOptions) async throws -> KubeObject {
        note(try await base.create(type, namespace: namespace, object: object, options: options))
    }

    func update(
        _ type: ResourceType, namespace: String?, name: String, object: JSONValue, options: WriteOptions
    ) async throws -> KubeObject {
        note(try await base.update(type, namespace: namespace, name: name, object: object, options: options))
    }

    func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, options: WriteOptions
    ) async throws -> KubeObject {
        note(try await base.updateStatus(type, namespace: namespace, name: name, status: status, options: options))
    }

    func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, annotations: [String: String]?,
        options: WriteOptions
    ) async throws -> KubeObject {
        note(
            try await base.updateStatus(
                type, namespace: namespace, name: name, status: status, annotations: annotations, options: options))
    }

    func patch(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> (object: KubeObject, created: Bool) {
        let result = try await base.patch(
            type, namespace: namespace, name: name, patchType: patchType, body: body, options: options)
        return (note(result.object), result.created)
    }

    func patchStatus(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> KubeObject {
        note(try await base.patchStatus(type, namespace: namespace, name: name, patchType: patchType, body: body, options: options))
    }

    func delete(_ type: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject {
        note(try await base.delete(type, namespace: namespace, name: name, options: options))
    }

    func bind(namespace: String, name: String, binding: JSONValue, options: WriteOptions) async throws -> KubeObject {
        note(try await base.bind(namespace: namespace, name: name, binding: binding, options: options))
    }

    func evict(namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject {
        note(try await base.evict(namespace: namespace, name: name, options: options))
    }

    func finalizeNamespace(_ name: String, object: JSONValue, options: WriteOptions) async throws -> KubeObject {
        note(try await base.finalizeNamespace(name, object: object, options: options))
    }

    func getScale(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject {
        try await base.getScale(type, namespace: namespace, name: name)
    }

    func updateScale(
        _ type: ResourceType, namespace: String?, name: String, scale: JSONValue, options: WriteOptions
    ) async throws -> KubeObject {
        note(try await base.updateScale(type, namespace: namespace, name: name, scale: scale, options: options))
    }
}

/// The highest revision seen, shared between copies.
final class HighestRevision: Sendable {
    private let revision = Mutex<Int64>(0)

    var value: Int64 { revision.withLock { $0 } }

    func note(_ value: Int64) { revision.withLock { $0 = max($0, value) } }
}
