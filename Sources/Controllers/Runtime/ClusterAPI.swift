import Foundation
import KubeAPI

/// The API as the control plane's components see it: the calls kube-controller-manager, kube-scheduler and the
/// kubelet make on kube-apiserver. Controllers touch cluster state only through it; the embedded `Registry` is
/// one, so every change a controller makes is an ordinary validated, committed write.
public protocol ClusterAPI: Sendable {
    var catalog: ResourceCatalog { get }

    func get(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject

    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int64, continueToken: String?, version: ListVersion
    ) async throws -> ObjectList

    /// Every change to objects of `types` after `resourceVersion`, in revision order (see `Registry.watchAll`).
    func watchAll(_ types: [ResourceType], resourceVersion: String) async throws -> AsyncThrowingStream<RegistryChange, any Error>

    func create(_ type: ResourceType, namespace: String?, object: JSONValue, options: WriteOptions) async throws -> KubeObject

    func update(
        _ type: ResourceType, namespace: String?, name: String, object: JSONValue, options: WriteOptions
    ) async throws -> KubeObject

    func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, options: WriteOptions
    ) async throws -> KubeObject

    /// `updateStatus` that also replaces the annotations, for kinds whose status strategy keeps them (Deployment).
    func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, annotations: [String: String]?,
        options: WriteOptions
    ) async throws -> KubeObject

    func patch(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> (object: KubeObject, created: Bool)

    /// Patches the status through the `status` subresource (see `Registry.patchStatus`).
    func patchStatus(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> KubeObject

    func delete(_ type: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject

    /// Binds a pod to a node through its `binding` subresource (see `Registry.bind`); returns the pod as bound.
    @discardableResult
    func bind(namespace: String, name: String, binding: JSONValue, options: WriteOptions) async throws -> KubeObject

    /// Evicts a pod through the `pods/eviction` subresource (what `kubectl drain` does); see `Registry.evict`.
    func evict(namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject

    /// Replaces a namespace's `spec.finalizers` through its `finalize` subresource (see `Registry.finalizeNamespace`).
    func finalizeNamespace(_ name: String, object: JSONValue, options: WriteOptions) async throws -> KubeObject

    /// The autoscaling/v1 Scale of a scalable object (its `scale` subresource, see `Registry.getScale`).
    func getScale(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject

    /// Writes a Scale's replicas through the `scale` subresource (see `Registry.updateScale`); returns the new Scale.
    func updateScale(
        _ type: ResourceType, namespace: String?, name: String, scale: JSONValue, options: WriteOptions
    ) async throws -> KubeObject
}

extension Registry: ClusterAPI {}

extension ClusterAPI {
    /// Every object of a type (in one namespace, or all for nil), read at the latest revision.
    public func list(_ type: ResourceType, namespace: String? = nil, version: ListVersion = .latest) async throws -> ObjectList {
        try await list(
            type, namespace: namespace, labelSelector: .everything, fieldSelector: .everything, limit: 0,
            continueToken: nil, version: version)
    }

    /// A merge patch of an object (`application/merge-patch+json`).
    @discardableResult
    public func mergePatch(
        _ type: ResourceType, namespace: String?, name: String, _ patch: JSONValue, options: WriteOptions
    ) async throws -> KubeObject {
        try await self.patch(
            type, namespace: namespace, name: name, patchType: .merge, body: patch.jsonData(), options: options
        ).object
    }
}
