import Foundation
import KubeAPI
import KubeAuth

/// The API as one component's user sees it: every call is first put to the authorizers as kube-apiserver puts
/// the request it would send (verb, resource, subresource, namespace, name), and a refusal is the 403 Forbidden
/// Status kube-apiserver answers, so a loop whose role lacks a rule fails as the real component does.
struct AuthorizingClusterAPI: ClusterAPI {
    let base: any ClusterAPI
    let user: UserInfo
    let authorizer: any Authorizer

    var catalog: ResourceCatalog { base.catalog }

    /// - Throws: the 403 `StatusError` when no authorizer allows the request.
    private func authorize(
        _ verb: String, _ type: ResourceType, namespace: String?, name: String = "", subresource: String = ""
    ) async throws {
        // A namespace's own path names the namespace as its object's namespace (`RequestInfoFactory`).
        let scope = type.group.isEmpty && type.plural == "namespaces" ? name : (namespace ?? "")
        let attributes = AuthorizationAttributes(
            user: user, verb: verb, namespace: scope, apiGroup: type.group, apiVersion: type.version,
            resource: type.plural, subresource: subresource, name: name)
        let decision = await authorizer.authorize(attributes)
        guard decision.allowed else { throw attributes.forbidden(reason: decision.reason) }
    }

    func get(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject {
        try await authorize("get", type, namespace: namespace, name: name)
        return try await base.get(type, namespace: namespace, name: name)
    }

    func list(
        _ type: ResourceType, namespace: String?, labelSelector: LabelSelector, fieldSelector: FieldSelector,
        limit: Int64, continueToken: String?, version: ListVersion
    ) async throws -> ObjectList {
        try await authorize("list", type, namespace: namespace)
        return try await base.list(
            type, namespace: namespace, labelSelector: labelSelector, fieldSelector: fieldSelector, limit: limit,
            continueToken: continueToken, version: version)
    }

    func watchAll(_ types: [ResourceType], resourceVersion: String) async throws -> AsyncThrowingStream<RegistryChange, any Error> {
        for type in types { try await authorize("watch", type, namespace: nil) }
        return try await base.watchAll(types, resourceVersion: resourceVersion)
    }

    func create(_ type: ResourceType, namespace: String?, object: JSONValue, options: WriteOptions) async throws -> KubeObject {
        try await authorize("create", type, namespace: namespace)
        return try await base.create(type, namespace: namespace, object: object, options: options)
    }

    func update(
        _ type: ResourceType, namespace: String?, name: String, object: JSONValue, options: WriteOptions
    ) async throws -> KubeObject {
        try await authorize("update", type, namespace: namespace, name: name)
        return try await base.update(type, namespace: namespace, name: name, object: object, options: options)
    }

    func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, options: WriteOptions
    ) async throws -> KubeObject {
        try await authorize("update", type, namespace: namespace, name: name, subresource: "status")
        return try await base.updateStatus(type, namespace: namespace, name: name, status: status, options: options)
    }

    func updateStatus(
        _ type: ResourceType, namespace: String?, name: String, status: JSONValue, annotations: [String: String]?,
        options: WriteOptions
    ) async throws -> KubeObject {
        try await authorize("update", type, namespace: namespace, name: name, subresource: "status")
        return try await base.updateStatus(
            type, namespace: namespace, name: name, status: status, annotations: annotations, options: options)
    }

    func patch(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> (object: KubeObject, created: Bool) {
        try await authorize("patch", type, namespace: namespace, name: name)
        return try await base.patch(type, namespace: namespace, name: name, patchType: patchType, body: body, options: options)
    }

    func patchStatus(
        _ type: ResourceType, namespace: String?, name: String, patchType: PatchType, body: Data, options: WriteOptions
    ) async throws -> KubeObject {
        try await authorize("patch", type, namespace: namespace, name: name, subresource: "status")
        return try await base.patchStatus(type, namespace: namespace, name: name, patchType: patchType, body: body, options: options)
    }

    func delete(_ type: ResourceType, namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject {
        try await authorize("delete", type, namespace: namespace, name: name)
        return try await base.delete(type, namespace: namespace, name: name, options: options)
    }

    func bind(namespace: String, name: String, binding: JSONValue, options: WriteOptions) async throws -> KubeObject {
        try await authorize("create", BuiltinResources.pods, namespace: namespace, name: name, subresource: "binding")
        return try await base.bind(namespace: namespace, name: name, binding: binding, options: options)
    }

    func evict(namespace: String?, name: String, options: DeleteOptions) async throws -> KubeObject {
        try await authorize("create", BuiltinResources.pods, namespace: namespace, name: name, subresource: "eviction")
        return try await base.evict(namespace: namespace, name: name, options: options)
    }

    func finalizeNamespace(_ name: String, object: JSONValue, options: WriteOptions) async throws -> KubeObject {
        try await authorize("update", BuiltinResources.namespaces, namespace: nil, name: name, subresource: "finalize")
        return try await base.finalizeNamespace(name, object: object, options: options)
    }

    func getScale(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject {
        try await authorize("get", type, namespace: namespace, name: name, subresource: "scale")
        return try await base.getScale(type, namespace: namespace, name: name)
    }

    func updateScale(
        _ type: ResourceType, namespace: String?, name: String, scale: JSONValue, options: WriteOptions
    ) async throws -> KubeObject {
        try await authorize("update", type, namespace: namespace, name: name, subresource: "scale")
        return try await base.updateScale(type, namespace: namespace, name: name, scale: scale, options: options)
    }
}
