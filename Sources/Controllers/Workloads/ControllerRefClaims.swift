import Foundation
import KubeAPI

/// Adoption and release of dependents (`controller_ref_manager.go` ClaimObject): a controller keeps the objects
/// it controls that still match its selector, adopts orphans that match (unless it or they are being deleted),
/// and lets go of the ones it controls that no longer match. Both are strategic merge patches of
/// `ownerReferences` carrying the dependent's uid as precondition, as client-go sends them.
struct ControllerRefClaims {
    let owner: KubeObject
    let ownerType: ResourceType
    let ownerKind: (apiVersion: String, kind: String)
    let matches: (KubeObject) -> Bool

    /// The objects the owner controls after adopting and releasing.
    func claim(_ objects: [KubeObject], type: ResourceType, context: ControllerContext) async throws -> [KubeObject] {
        var claimed: [KubeObject] = []
        var adoptionChecked = false
        let ownerUID = owner.uid ?? ""
        for object in objects {
            if let controller = ControllerRef.uid(of: object) {
                guard controller == ownerUID else { continue }
                if matches(object) {
                    claimed.append(object)
                } else if owner.deletionTimestamp == nil {
                    try await release(object, type: type, context: context)
                }
                continue
            }
            guard owner.deletionTimestamp == nil, matches(object), object.deletionTimestamp == nil,
                object.namespace == owner.namespace
            else { continue }
            if !adoptionChecked {
                try await checkCanAdopt(context)
                adoptionChecked = true
            }
            if let adopted = try await adopt(object, type: type, context: context) { claimed.append(adopted) }
        }
        return claimed
    }

    /// `RecheckDeletionTimestamp`: the owner read fresh from the API must be the same object, not being deleted.
    private func checkCanAdopt(_ context: ControllerContext) async throws {
        let fresh = try await context.api.get(ownerType, namespace: owner.namespace, name: owner.name)
        if fresh.uid != owner.uid {
            throw ClaimError(
                "original \(ownerKind.kind) \(owner.namespace ?? "")/\(owner.name) is gone: got uid \(fresh.uid ?? ""), wanted \(owner.uid ?? "")")
        }
        if let deleted = fresh.deletionTimestamp {
            throw ClaimError("\(owner.namespace ?? "")/\(owner.name) has just been deleted at \(deleted)")
        }
    }

    private func adopt(_ object: KubeObject, type: ResourceType, context: ControllerContext) async throws -> KubeObject? {
        let reference = ControllerRef.make(to: owner, apiVersion: ownerKind.apiVersion, kind: ownerKind.kind)
        let patch: JSONValue = ["metadata": ["ownerReferences": [reference], "uid": .string(object.uid ?? "")]]
        return try await patchIgnoringGone(object, type: type, patch: patch, context: context)
    }

    private func release(_ object: KubeObject, type: ResourceType, context: ControllerContext) async throws {
        let patch: JSONValue = [
            "metadata": [
                "ownerReferences": [["$patch": "delete", "uid": .string(owner.uid ?? "")]], "uid": .string(object.uid ?? ""),
            ]
        ]
        _ = try await patchIgnoringGone(object, type: type, patch: patch, context: context)
    }

    /// A patch of a dependent that may have gone meanwhile: NotFound (and Invalid, a uid that no longer
    /// matches) leave it alone.
    private func patchIgnoringGone(
        _ object: KubeObject, type: ResourceType, patch: JSONValue, context: ControllerContext
    ) async throws -> KubeObject? {
        do {
            return try await context.api.patch(
                type, namespace: object.namespace, name: object.name, patchType: .strategicMerge, body: patch.jsonData(),
                options: context.writeOptions
            ).object
        } catch let error as StatusError where error.code == 404 || error.code == 422 {
            return nil
        }
    }
}

/// Why a controller could not adopt.
struct ClaimError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
