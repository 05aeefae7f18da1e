import EtcdCore
import Foundation

extension Registry {
    /// Replaces a namespace's `spec.finalizers` through its `finalize` subresource (PUT
    /// `/api/v1/namespaces/<name>/finalize`), as the namespace controller removes `kubernetes` once the namespace is
    /// empty: everything else in the request is ignored (`namespaceFinalizeStrategy`). A terminating namespace left
    /// with no finalizers of either kind is deleted by this write (`ShouldDeleteNamespaceDuringUpdate`).
    /// - Parameter object: the namespace as the caller has it; its `resourceVersion`, when set, must be current.
    /// - Returns: the namespace as stored, or as deleted.
    /// - Throws: `StatusError`: 404 NotFound, 409 Conflict, 422 Invalid (a finalizer name neither standard nor
    ///   qualified).
    public func finalizeNamespace(
        _ name: String, object: JSONValue, options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        let type = BuiltinResources.namespaces
        let finalizers = (object[["spec", "finalizers"]]?.arrayValue ?? []).compactMap(\.stringValue)
        let path: FieldPath = FieldPath("spec").child("finalizers")
        let errors = finalizers.enumerated().flatMap { index, finalizer in
            LabelRules.isQualifiedName(finalizer).map { FieldError.invalid(path.index(index), string: finalizer, $0) }
                + ObjectMetaValidation.kubeFinalizerName(finalizer, path.index(index))
        }
        if !errors.isEmpty { throw StatusError.invalid(type, name: name, errors: errors) }
        let key = key(type, namespace: nil, name: name)
        while true {
            guard let kv = try await store.get(key) else { throw StatusError.notFound(type, name: name) }
            let current = try decode(kv, as: type)
            if let requested = object[["metadata", "resourceVersion"]]?.stringValue, !requested.isEmpty,
                requested != current.resourceVersion
            {
                throw StatusError.conflict(type, name: name)
            }
            var candidate = current
            candidate.json[["spec", "finalizers"]] = finalizers.isEmpty ? nil : .array(finalizers.map(JSONValue.string))
            if Self.sameContent(candidate, current) { return current }
            recordUpdate(&candidate, current: current, type: type, options: options, subresource: "finalize")
            if options.dryRun { return candidate }
            let deletes = Self.deletesDuringUpdate(candidate, current: current, type: type)
            let write: RequestOp =
                deletes
                ? .deleteRange(DeleteRangeRequest(key: key))
                : .put(PutRequest(key: key, value: try encode(candidate, type: type, key: key)))
            let response = try await store.txn(
                TxnRequest(compare: [Compare(key: key, target: .modRevision(kv.modRevision), result: .equal)], success: [write]))
            if response.succeeded {
                candidate.resourceVersion = String(response.header.revision)
                return candidate
            }
        }
    }
}
