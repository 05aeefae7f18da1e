import Foundation
import KubeAPI

/// The garbage collector's calls on the API (`pkg/controller/garbagecollector/operations.go`, `patch.go`): owner
/// lookups, owner-reference patches (strategic merge, or a JSON merge patch of the whole list for types without
/// strategic merge), deletes with a uid precondition, finalizer removal with a resourceVersion.
struct GarbageCollectorOperations {
    let context: ControllerContext

    /// What an owner reference points at (`classifyReferences`).
    enum Reference {
        /// The owner exists and is not waiting for its dependents.
        case solid
        /// The owner is gone (not found, or another object with its name and kind).
        case dangling
        /// The owner is being deleted in the foreground.
        case waitingForDependentsDeletion
        /// No served type matches the reference, or a cluster-scoped object names a namespaced owner: upstream
        /// cannot decide either and leaves the object alone.
        case unresolvable
    }

    /// `isDangling` and the foreground check, reading the owner from the API server.
    func classify(_ reference: JSONValue, of item: KubeObject) async throws -> Reference {
        let catalog = context.api.catalog
        guard let apiVersion = reference["apiVersion"]?.stringValue, let kind = reference["kind"]?.stringValue,
            let name = reference["name"]?.stringValue, let type = catalog.type(apiVersion: apiVersion, kind: kind)
        else { return .unresolvable }
        if type.namespaced && item.namespace == nil { return .unresolvable }
        let owner: KubeObject
        do {
            owner = try await context.api.get(type, namespace: type.namespaced ? item.namespace : nil, name: name)
        } catch let error as StatusError where error.code == 404 {
            return .dangling
        }
        if owner.uid != reference["uid"]?.stringValue { return .dangling }
        return GarbageCollector.isDeletingDependents(owner) ? .waitingForDependentsDeletion : .solid
    }

    /// Removes the references to `owners` from `item`:
    /// `{"metadata":{"ownerReferences":[{"$patch":"delete","uid":…}],"uid":…}}`.
    func removeOwnerReferences(_ owners: [String], from item: KubeObject, type: ResourceType) async throws {
        let strategic: JSONValue = [
            "metadata": [
                "ownerReferences": .array(owners.map { ["$patch": "delete", "uid": .string($0)] }),
                "uid": .string(item.uid ?? ""),
            ]
        ]
        try await patch(item, type: type, strategic: strategic) { current in
            current.ownerReferences.filter { !owners.contains($0["uid"]?.stringValue ?? "") }
        }
    }

    /// Sets `blockOwnerDeletion: false` on the item's blocking references.
    func unblockOwnerReferences(of item: KubeObject, type: ResourceType) async throws {
        let blocking = item.ownerReferences.filter { $0["blockOwnerDeletion"]?.boolValue == true }
        guard !blocking.isEmpty else { return }
        let strategic: JSONValue = [
            "metadata": [
                "ownerReferences": .array(blocking.map { ["uid": $0["uid"] ?? .null, "blockOwnerDeletion": false] }),
                "uid": .string(item.uid ?? ""),
            ]
        ]
        try await patch(item, type: type, strategic: strategic) { current in
            current.ownerReferences.map { reference in
                var reference = reference
                if reference["blockOwnerDeletion"]?.boolValue == true { reference["blockOwnerDeletion"] = false }
                return reference
            }
        }
    }

    /// A strategic merge patch, or for a type that takes none (custom resources) a JSON merge patch of the
    /// whole owner reference list made from the latest object, with its resourceVersion.
    private func patch(
        _ item: KubeObject, type: ResourceType, strategic: JSONValue, references: (KubeObject) -> [JSONValue]
    ) async throws {
        do {
            _ = try await context.api.patch(
                type, namespace: item.namespace, name: item.name, patchType: .strategicMerge, body: strategic.jsonData(),
                options: context.writeOptions)
        } catch let error as StatusError where error.code == 415 {
            let latest = try await context.api.get(type, namespace: item.namespace, name: item.name)
            guard latest.uid == item.uid else { return }
            let list = references(latest)
            let merge: JSONValue = [
                "metadata": [
                    "ownerReferences": list.isEmpty ? .null : .array(list),
                    "uid": .string(latest.uid ?? ""), "resourceVersion": .string(latest.resourceVersion ?? ""),
                ]
            ]
            try await context.api.mergePatch(type, namespace: item.namespace, name: item.name, merge, options: context.writeOptions)
        } catch let error as StatusError where error.code == 404 {
            return
        }
    }

    /// `deleteObject`: a delete with the item's uid as precondition; an object gone or replaced is done.
    func delete(_ item: KubeObject, type: ResourceType, policy: PropagationPolicy) async throws {
        do {
            _ = try await context.api.delete(
                type, namespace: item.namespace, name: item.name, options: DeleteOptions(propagationPolicy: policy, uid: item.uid))
        } catch let error as StatusError where error.code == 404 || error.code == 409 {
            return
        }
    }

    /// `removeFinalizer`: a merge patch of the finalizers without `finalizer` and the resourceVersion they were
    /// read at, read again on conflict.
    func removeFinalizer(_ finalizer: String, from item: KubeObject, type: ResourceType) async throws {
        var current = item
        while true {
            guard current.finalizers.contains(finalizer) else { return }
            let remaining = current.finalizers.filter { $0 != finalizer }
            let patch: JSONValue = [
                "metadata": [
                    "finalizers": .array(remaining.map(JSONValue.string)),
                    "resourceVersion": .string(current.resourceVersion ?? ""),
                ]
            ]
            do {
                try await context.api.mergePatch(type, namespace: item.namespace, name: item.name, patch, options: context.writeOptions)
                return
            } catch let error as StatusError where error.code == 409 {
                current = try await context.api.get(type, namespace: item.namespace, name: item.name)
                guard current.uid == item.uid else { return }
            } catch let error as StatusError where error.code == 404 {
                return
            }
        }
    }
}
