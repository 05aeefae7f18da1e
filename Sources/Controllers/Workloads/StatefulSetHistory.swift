import Foundation
import KubeAPI

/// A StatefulSet's ControllerRevisions (`getStatefulSetRevisions`, `newRevision`, `truncateHistory`;
/// `pkg/controller/history`): the update revision records the current template; it is named
/// `<set>-<hash>` where the hash is FNV-1 (32 bit) over the revision's JSON data and the decimal collision
/// count, safe-encoded; it carries the template's labels plus `controller.kubernetes.io/hash` and the set's
/// annotations. The current revision is the one `status.currentRevision` names, or the update revision.
struct StatefulSetHistory {
    static let hashLabel = "controller.kubernetes.io/hash"

    let set: KubeObject
    let context: ControllerContext

    struct Revisions {
        var current: KubeObject
        var update: KubeObject
        var collisionCount: Int64
        /// Every revision of the set before this sync, by revision number.
        var all: [KubeObject]
    }

    /// `history.SortControllerRevisions`: by revision, then creation time, then name.
    static func sorted(_ revisions: [KubeObject]) -> [KubeObject] {
        revisions.sorted { a, b in
            let (ra, rb) = (ControllerHistory.revision(a), ControllerHistory.revision(b))
            if ra != rb { return ra < rb }
            let (ta, tb) = (a.creationTimestamp ?? "", b.creationTimestamp ?? "")
            return ta == tb ? a.name < b.name : ta < tb
        }
    }

    /// `HashControllerRevision`: FNV-1 over the data's JSON bytes (Go's `encoding/json`: sorted keys, compact),
    /// then the collision count in decimal.
    static func hash(_ data: JSONValue, collisionCount: Int64) -> String {
        var hasher = FNV1Hash32()
        hasher.write(Array(data.jsonString().utf8))
        hasher.write(Array(String(collisionCount).utf8))
        return PodTemplateHash.safeEncode(String(hasher.value))
    }

    /// `ControllerRevisionName`: the owner's name, cut to 223 bytes, and the hash.
    static func name(owner: String, hash: String) -> String { "\(String(decoding: owner.utf8.prefix(223), as: UTF8.self))-\(hash)" }

    func revisions(selector: LabelSelector) async throws -> Revisions {
        let claimed = try await ControllerHistory.claim(
            by: set, ownerType: BuiltinResources.statefulSets, ownerKind: StatefulSetIdentity.ownKind, selector: selector,
            context: context)
        let revisions = Self.sorted(claimed)
        var collisionCount = set.json[["status", "collisionCount"]]?.intValue ?? 0
        let data = ControllerHistory.templatePatch(of: set)
        let next = (revisions.last.map(ControllerHistory.revision) ?? 0) + 1
        let equal = revisions.filter { $0.json["data"] == data }
        let update: KubeObject
        if let last = equal.last, last.name == revisions.last?.name {
            update = last
        } else if let last = equal.last {
            update = try await ControllerHistory.renumber(last, to: next, context: context)
        } else {
            update = try await create(data: data, revision: next, collisionCount: &collisionCount)
        }
        let currentName = set.json[["status", "currentRevision"]]?.stringValue
        let current = revisions.first { $0.name == currentName } ?? update
        return Revisions(current: current, update: update, collisionCount: collisionCount, all: revisions)
    }

    /// `CreateControllerRevision`: a name taken by other data bumps the collision count and tries again.
    private func create(data: JSONValue, revision: Int64, collisionCount: inout Int64) async throws -> KubeObject {
        let type = BuiltinResources.controllerRevisions
        while true {
            let hash = Self.hash(data, collisionCount: collisionCount)
            var labels = set.spec?[["template", "metadata", "labels"]]?.objectValue ?? [:]
            labels[Self.hashLabel] = .string(hash)
            var metadata: JSONValue = [
                "name": .string(Self.name(owner: set.name, hash: hash)), "labels": .object(labels),
                "ownerReferences": [
                    ControllerRef.make(
                        to: set, apiVersion: StatefulSetIdentity.ownKind.apiVersion, kind: StatefulSetIdentity.ownKind.kind)
                ],
            ]
            if !set.annotations.isEmpty { metadata["annotations"] = set.metadata["annotations"] }
            let history: JSONValue = [
                "apiVersion": "apps/v1", "kind": "ControllerRevision", "metadata": metadata, "data": data,
                "revision": .int(revision),
            ]
            do {
                return try await context.api.create(type, namespace: set.namespace, object: history, options: context.writeOptions)
            } catch let error as StatusError where error.code == 409 {
                let name = Self.name(owner: set.name, hash: hash)
                let existing = try await context.api.get(type, namespace: set.namespace, name: name)
                if existing.json["data"] == data { return existing }
                collisionCount += 1
            }
        }
    }

    /// `truncateHistory`: of the revisions neither current, update nor any pod's, the oldest beyond
    /// `revisionHistoryLimit` are deleted.
    func truncate(_ revisions: Revisions, pods: [KubeObject]) async throws {
        var live: Set<String> = [revisions.current.name, revisions.update.name]
        for pod in pods { live.insert(StatefulSetIdentity.revision(of: pod)) }
        let history = revisions.all.filter { !live.contains($0.name) }
        let limit = Int(set.specInt("revisionHistoryLimit", default: 10))
        guard limit >= 0, history.count > limit else { return }
        try await ControllerHistory.deleteOldest(history, count: history.count - limit, context: context)
    }
}

/// The 32-bit FNV-1 hash (Go's `hash/fnv.New32`): multiply, then xor.
struct FNV1Hash32 {
    private(set) var value: UInt32 = 2_166_136_261

    mutating func write(_ bytes: [UInt8]) {
        for byte in bytes {
            value = value &* 16_777_619
            value ^= UInt32(byte)
        }
    }
}
