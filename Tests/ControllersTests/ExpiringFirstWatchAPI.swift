import Controllers
import Foundation
import KubeAPI
import Synchronization

/// The registry, except that its first `watchAll` fails with 410 Gone (the informers' revision compacted
/// away), after a ConfigMap was created that the failed watch never delivers.
final class ExpiringFirstWatchAPI: ClusterAPI, @unchecked Sendable {
    let registry: Registry
    private let watches = Mutex(0)

    init(registry: Registry) { self.registry = registry }

    var watchCount: Int { watches.withLock { $0 } }
    var catalog: ResourceCatalog { registry.catalog }

    func watchAll(_ types: [ResourceType], resourceVersion: String) async throws -> AsyncThrowingStream<RegistryChange, any Error> {
        let first = watches.withLock { count in
            count += 1
            return count == 1
        }
        guard first else { return try await registry.watchAll(types, resourceVersion: resourceVersion) }
        _ = try await registry.create(
            BuiltinResources.configMaps, namespace: "default",
            object: ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "missed", "labels": ["stamp": "now"]]])
        return AsyncThrowingStream { $0.finish(throwing: StatusError.expired("too old resource version: \(resourceVersion)")) }
    }

    func get(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject {
        try await registry.get(type, namespace: namespace, name: name)
    }
    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector, limit: Int64,
        continueToken: String?, version: ListVersion
    ) async throws -> ObjectList {
        try await registry.list(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: limit,
            continueToken: continueToken, version: version)
    }
    func create(_ type: ResourceType, namespace: String?, object: JSONValue, options: WriteOptions) async throws -> KubeObject {
        try await registry.create(type, namespace: namespace, object: object, options: options)
    }
    func update(_ type: ResourceType, namespace: String?, name: String, object: JSONValue, options: WriteOptions) async throws -> KubeObject {
        try await registry.update(type, namespace: namespace, name: name, object: object, options: options)
    }
    func updateStatus(_ type: ResourceType, namespace: String?, name: String, status: JSONValue, options: WriteOptions) async throws -> KubeObject {
        try await registry.updateStatus(type, namespace: namespace, name: name, status: status, options: options)
    }
    func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, annotations: [String: String]?, options: WriteOptions
    ) async throws -> KubeObject {
        try await registry.updateStatus(type, namespace: namespace, name: name, status: status, annotations: annotations, options: options)
    }
    func patch(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> (object: KubeObject, created: Bool) {
        try await registry.patch(type, namespace: namespace, name: name, patchType: patchType, body: body, options: options)
    }
    func delete(_ type: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject {
        try await registry.delete(type, namespace: namespace, name: name, options: options)
    }
    func bind(namespace: String, name: String, binding: JSONValue, options: WriteOptions) async throws -> KubeObject {
        try await registry.bind(namespace: namespace, name: name, binding: binding, options: options)
    }
    func evict(namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject {
        try await registry.evict(namespace: namespace, name: name, options: options)
    }

    func finalizeNamespace(_ name: String, object: JSONValue, options: WriteOptions) async throws -> KubeObject {
        try await registry.finalizeNamespace(name, object: object, options: options)
    }

    func getScale(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject {
        try await registry.getScale(type, namespace: namespace, name: name)
    }

    func patchStatus(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> KubeObject {
        try await registry.patchStatus(type, namespace: namespace, name: name, patchType: patchType, body: body, options: options)
    }

    func updateScale(
        _ type: ResourceType, namespace: String?, name: String, scale: JSONValue, options: WriteOptions
    ) async throws -> KubeObject {
        try await registry.updateScale(type, namespace: namespace, name: name, scale: scale, options: options)
    }
}
