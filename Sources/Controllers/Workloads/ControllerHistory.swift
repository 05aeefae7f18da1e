import Foundation
import KubeAPI

/// What the DaemonSet and StatefulSet controllers share of their ControllerRevisions (`pkg/controller/history`):
/// each records the owner's pod template as the strategic merge patch `{"spec":{"template":{…,"$patch":"replace"}}}`,
/// carries a `revision` number, and the oldest ones beyond `revisionHistoryLimit` that nothing uses are deleted.
enum ControllerHistory {
    /// The revision data for `owner`'s current `spec.template`.
    static func templatePatch(of owner: KubeObject) -> JSONValue {
        var template = owner.spec?["template"] ?? .emptyObject
        template["$patch"] = "replace"
        return ["spec": ["template": template]]
    }

    /// A revision's number.
    static func revision(_ history: KubeObject) -> Int64 { history.json["revision"]?.intValue ?? 0 }

    /// The revisions `owner` controls after adopting the orphans its selector matches (and releasing the ones
    /// it no longer matches), in key order.
    static func claim(
        by owner: KubeObject, ownerType: ResourceType, ownerKind: (apiVersion: String, kind: String),
        selector: LabelSelector, context: ControllerContext
    ) async throws -> [KubeObject] {
        let type = BuiltinResources.controllerRevisions
        let claims = ControllerRefClaims(
            owner: owner, ownerType: ownerType, ownerKind: ownerKind, matches: { selector.matches($0.labels) })
        return try await claims.claim(ReplicaSetController.claimable(type, by: owner, in: context.cache), type: type, context: context)
    }

    /// Gives `history` the revision number `revision` (`UpdateControllerRevision`).
    static func renumber(_ history: KubeObject, to revision: Int64, context: ControllerContext) async throws -> KubeObject {
        var renumbered = history.json
        renumbered["revision"] = .int(revision)
        return try await context.api.update(
            BuiltinResources.controllerRevisions, namespace: history.namespace, name: history.name, object: renumbered,
            options: context.writeOptions)
    }

    /// Deletes up to `count` of `histories`, lowest revision first, passing over those `isLive` keeps.
    static func deleteOldest(
        _ histories: [KubeObject], count: Int, isLive: (KubeObject) -> Bool = { _ in false }, context: ControllerContext
    ) async throws {
        var remaining = count
        for history in histories.sorted(by: { revision($0) < revision($1) }) {
            guard remaining > 0 else { break }
            if isLive(history) { continue }
            _ = try await context.api.delete(
                BuiltinResources.controllerRevisions, namespace: history.namespace, name: history.name, options: DeleteOptions())
            remaining -= 1
        }
    }
}
