import Foundation
import KubeAPI

/// What the kubectl-like commands need of a cluster: the API server's verbs. The embedded `Registry` is one;
/// a client of a running `kubesim serve` is another.
protocol KubeClient: Sendable {
    var catalog: ResourceCatalog { get }
    func get(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject
    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int64, continueToken: String?
    ) async throws -> ObjectList
    /// A list as it was at a revision (`resourceVersion=N&resourceVersionMatch=Exact`), or of the latest state.
    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int64, continueToken: String?, version: ListVersion
    ) async throws -> ObjectList
    /// A whole list as the versioned `list` gives it, each object without `metadata.managedFields`: what
    /// kubectl's printers show unless `--show-managed-fields`. The embedded registry then does not decode them.
    func listOmittingManagedFields(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        version: ListVersion
    ) async throws -> ObjectList
    func create(_ type: ResourceType, namespace: String?, object: JSONValue, options: WriteOptions) async throws -> KubeObject
    /// Replaces an object (PUT).
    func update(_ type: ResourceType, namespace: String?, name: String, object: JSONValue, options: WriteOptions) async throws -> KubeObject
    func patch(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> (object: KubeObject, created: Bool)
    func delete(_ type: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject
    func watch(
        _ type: ResourceType, namespace: String?, resourceVersion: String?, labelSelector: LabelSelector,
        fieldSelector: FieldSelector
    ) async throws -> AsyncThrowingStream<ObjectEvent, any Error>
    /// A document of the server's own paths, as `GET <path>` answers it: `/version`, discovery (`/api`, `/api/v1`,
    /// `/apis`, `/apis/<group>[/<version>]`) and OpenAPI v3 (`/openapi/v3`, `/openapi/v3/<group-version path>`).
    func serverDocument(_ path: String) async throws -> JSONValue
    /// `POST .../pods/<name>/eviction`: the pod's eviction, which its disruption budgets may refuse (429).
    func evict(namespace: String, name: String) async throws
    /// `PUT .../certificatesigningrequests/<name>/approval`: the request's conditions become `object`'s.
    func updateApproval(_ name: String, object: JSONValue) async throws -> KubeObject
}

extension KubeClient {
    func listOmittingManagedFields(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        version: ListVersion
    ) async throws -> ObjectList {
        var list = try await list(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: 0,
            continueToken: nil, version: version)
        for index in list.items.indices where list.items[index].json[["metadata", "managedFields"]] != nil {
            list.items[index].json[["metadata", "managedFields"]] = nil
        }
        return list
    }
}

extension Registry: KubeClient {
    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int64, continueToken: String?
    ) async throws -> ObjectList {
        try await list(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: limit,
            continueToken: continueToken, version: .latest)
    }
}

extension StoreOptions {
    /// Opens the embedded store under the data directory, readies its registry, runs `body`, and closes the
    /// store, also when `body` throws. With `settling` (a command that writes), the control loops run too,
    /// unless `--no-controllers`: `body` calls its second argument after each write to let them act at once,
    /// and they run until the cluster settles when `body` returns.
    func withCluster<T>(
        settling: Bool, _ body: (any KubeClient, _ catchUp: () async throws -> Void) async throws -> T
    ) async throws -> T {
        try await withStore { store in
            let controlPlane = try await EmbeddedControlPlane.open(
                store, dataDirectory: resolvedDataDirectory(), runningLoops: settling && !noControllers,
                transformers: try transformers(), storageMediaType: resolvedStorageMediaType())
            let result = try await body(controlPlane.registry, controlPlane.catchUp)
            try await controlPlane.settle()
            return result
        }
    }
}
