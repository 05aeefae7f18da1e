import Foundation
import KubeAPI

/// A DaemonSet's ControllerRevisions (`pkg/controller/daemon/update.go` constructHistory, snapshot,
/// dedupCurHistories, cleanupHistory): each records a pod template as the strategic merge patch
/// `{"spec":{"template":{…,"$patch":"replace"}}}`, is named `<ds>-<hash>` and labelled
/// `controller-revision-hash: <hash>`; the one matching the current template is the current revision and has the
/// highest revision number.
struct DaemonSetHistory {
    static let hashLabel = "controller-revision-hash"

    let daemonSet: KubeObject
    let context: ControllerContext

    static let ownKind = (apiVersion: "apps/v1", kind: "DaemonSet")

    /// The revision's data for the DaemonSet's current template.
    static func patch(of daemonSet: KubeObject) -> JSONValue { ControllerHistory.templatePatch(of: daemonSet) }

    /// The current revision (created when missing, renumbered when an older one is newer) and the old ones.
    func construct(selector: LabelSelector) async throws -> (current: KubeObject, old: [KubeObject]) {
        let type = BuiltinResources.controllerRevisions
        var histories = try await ControllerHistory.claim(
            by: daemonSet, ownerType: BuiltinResources.daemonSets, ownerKind: Self.ownKind, selector: selector, context: context)
        for (index, history) in histories.enumerated() where history.labels[Self.hashLabel] == nil {
            var labelled = history.json
            labelled[["metadata", "labels", Self.hashLabel]] = .string(history.name)
            histories[index] = try await context.api.update(
                type, namespace: history.namespace, name: history.name, object: labelled, options: context.writeOptions)
        }
        let patch = Self.patch(of: daemonSet)
        let matching = histories.filter { $0.json["data"] == patch }
        let old = histories.filter { $0.json["data"] != patch }
        let next = (old.map(Self.revision).max() ?? 0) + 1
        guard !matching.isEmpty else { return (try await snapshot(revision: next), old) }
        let current = try await dedup(matching)
        if Self.revision(current) < next {
            return (try await ControllerHistory.renumber(current, to: next, context: context), old)
        }
        return (current, old)
    }

    static func revision(_ history: KubeObject) -> Int64 { ControllerHistory.revision(history) }

    /// Creates the revision of the current template; a name taken by another template bumps the DaemonSet's
    /// `collisionCount` and fails, so the next sync hashes again.
    private func snapshot(revision: Int64) async throws -> KubeObject {
        let collisionCount = daemonSet.json[["status", "collisionCount"]]?.intValue
        let hash = PodTemplateHash.compute(daemonSet.spec?["template"] ?? .emptyObject, collisionCount: collisionCount)
        let name = "\(daemonSet.name)-\(hash)"
        var labels = daemonSet.spec?[["template", "metadata", "labels"]]?.objectValue ?? [:]
        labels[Self.hashLabel] = .string(hash)
        var metadata: JSONValue = [
            "name": .string(name), "labels": .object(labels),
            "ownerReferences": [ControllerRef.make(to: daemonSet, apiVersion: Self.ownKind.apiVersion, kind: Self.ownKind.kind)],
        ]
        if !daemonSet.annotations.isEmpty { metadata["annotations"] = daemonSet.metadata["annotations"] }
        let history: JSONValue = [
            "apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": metadata,
            "data": Self.patch(of: daemonSet), "revision": .int(revision),
        ]
        let type = BuiltinResources.controllerRevisions
        do {
            return try await context.api.create(type, namespace: daemonSet.namespace, object: history, options: context.writeOptions)
        } catch let error as StatusError where error.code == 409 {
            let existing = try await context.api.get(type, namespace: daemonSet.namespace, name: name)
            if existing.json["data"] == Self.patch(of: daemonSet) { return existing }
            let fresh = try await context.api.get(BuiltinResources.daemonSets, namespace: daemonSet.namespace, name: daemonSet.name)
            let freshCount = fresh.json[["status", "collisionCount"]]?.intValue
            guard freshCount == collisionCount else {
                throw ClaimError(
                    "found a stale collision count (\(collisionCount ?? 0), expected \(freshCount ?? 0)) of DaemonSet \"\(daemonSet.name)\" while processing; will retry until it is updated")
            }
            var status = fresh.json["status"] ?? .emptyObject
            status["collisionCount"] = .int((collisionCount ?? 0) + 1)
            _ = try await context.api.updateStatus(
                BuiltinResources.daemonSets, namespace: daemonSet.namespace, name: daemonSet.name, status: status,
                options: context.writeOptions)
            throw error
        }
    }

    /// Of several revisions with the current template, keeps the newest: its pods' hash label is rewritten
    /// on the others' pods (merge patches), then the duplicates are deleted.
    private func dedup(_ matching: [KubeObject]) async throws -> KubeObject {
        guard matching.count > 1 else { return matching[0] }
        var keep = matching[0]
        for history in matching where Self.revision(history) >= Self.revision(keep) { keep = history }
        let hash = keep.labels[Self.hashLabel] ?? ""
        let pods = context.cache.controlled(BuiltinResources.pods, by: daemonSet.uid ?? "")
            .filter { $0.namespace == daemonSet.namespace }
        for pod in pods where pod.labels[Self.hashLabel] != hash {
            try await context.api.mergePatch(
                BuiltinResources.pods, namespace: pod.namespace, name: pod.name,
                ["metadata": ["labels": [Self.hashLabel: .string(hash)]]], options: context.writeOptions)
        }
        for history in matching where history.name != keep.name {
            _ = try await context.api.delete(
                BuiltinResources.controllerRevisions, namespace: history.namespace, name: history.name, options: DeleteOptions())
        }
        return keep
    }

    /// Deletes the oldest revisions beyond `revisionHistoryLimit` (10) that no pod of the DaemonSet still uses.
    func cleanup(_ old: [KubeObject], pods: [KubeObject]) async throws {
        let toKill = old.count - Int(daemonSet.specInt("revisionHistoryLimit", default: 10))
        guard toKill > 0 else { return }
        let liveHashes = Set(pods.compactMap { $0.labels[Self.hashLabel] }.filter { !$0.isEmpty })
        try await ControllerHistory.deleteOldest(
            old, count: toKill, isLive: { history in history.labels[Self.hashLabel].map(liveHashes.contains) ?? false },
            context: context)
    }
}
