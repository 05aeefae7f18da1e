import Foundation
import KubeAPI

/// kube-controller-manager's garbage collector (`pkg/controller/garbagecollector`): over the owner references of
/// every object of every type it can list, watch and delete (events aside), it
/// - deletes an object whose owners are all gone (background: dependents go after their owner);
/// - deletes the blocking dependents of an owner deleted in the foreground (`foregroundDeletion` finalizer),
///   then removes that finalizer, which deletes the owner;
/// - for an owner deleted with the `orphan` finalizer, removes its owner reference from every dependent, then
///   the finalizer.
///
/// Its work items are objects of any type, so its keys carry the type (`GarbageCollectorKey`). The dependency
/// graph is the shared cache's owner index; owners are verified with a live read, as upstream's `isDangling`.
public struct GarbageCollector: Controller {
    static let foregroundDeletion = "foregroundDeletion"
    static let orphan = "orphan"

    /// The types it monitors.
    let types: [ResourceType]

    /// Monitors the preferred version of every resource in `catalog` that can be listed, watched and deleted,
    /// except events (upstream's `ignoredResources`).
    public init(catalog: ResourceCatalog) {
        var seen = Set<String>()
        types = catalog.all.filter { type in
            type.isStorageVersion && type.kind != "Event" && ["delete", "list", "watch"].allSatisfy(type.verbs.contains)
                && seen.insert("\(type.plural).\(type.group)").inserted
        }
    }

    public var name: String { "garbage-collector-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { types }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        let object = change.object
        var keys: [ObjectKey] = []
        if change.event == .deleted {
            // Its dependents may be garbage now; owners waiting for it may go on.
            if let uid = object.uid { keys += dependents(of: uid, in: cache).map { GarbageCollectorKey.key($0.type, $0.object) } }
            keys += waitingOwners(of: object.ownerReferences, namespace: object.namespace, in: cache)
            return keys
        }
        if object.deletionTimestamp != nil {
            if object.finalizers.contains(Self.orphan) { keys.append(GarbageCollectorKey.key(change.type, object)) }
            if Self.isDeletingDependents(object) {
                keys.append(GarbageCollectorKey.key(change.type, object))
                if change.old.map(Self.isDeletingDependents) != true, let uid = object.uid {
                    keys += dependents(of: uid, in: cache).map { GarbageCollectorKey.key($0.type, $0.object) }
                }
            }
        } else if object.ownerReferences.contains(where: { !ownerIsSolid($0, namespace: object.namespace, in: cache) }) {
            keys.append(GarbageCollectorKey.key(change.type, object))
        }
        // Owners that waited on a reference this change removed.
        let current = Set(object.ownerReferences.compactMap { $0["uid"]?.stringValue })
        let removed = (change.old?.ownerReferences ?? []).filter { !current.contains($0["uid"]?.stringValue ?? "") }
        keys += waitingOwners(of: removed, namespace: object.namespace, in: cache)
        return keys
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let (type, name) = GarbageCollectorKey.parse(key, catalog: context.api.catalog) else { return }
        let item: KubeObject
        do {
            item = try await context.api.get(type, namespace: key.namespace, name: name)
        } catch let error as StatusError where error.code == 404 {
            return
        }
        let operations = GarbageCollectorOperations(context: context)
        if item.deletionTimestamp != nil {
            if item.finalizers.contains(Self.orphan) {
                try await orphanDependents(of: item, operations: operations, context: context)
                try await operations.removeFinalizer(Self.orphan, from: item, type: type)
            } else if Self.isDeletingDependents(item) {
                try await processDeletingDependents(item, type: type, operations: operations, context: context)
            }
            return
        }
        try await attemptToDelete(item, type: type, operations: operations, context: context)
    }

    /// `attemptToDeleteItem` for an object not being deleted: sorts its owner references into solid, dangling and
    /// waiting (the owner deletes in the foreground), then drops the dangling and waiting references of an object
    /// that still has a solid owner, or deletes it.
    private func attemptToDelete(
        _ item: KubeObject, type: ResourceType, operations: GarbageCollectorOperations, context: ControllerContext
    ) async throws {
        var solid = 0
        var removable: [String] = []
        var waiting = false
        for reference in item.ownerReferences {
            guard let uid = reference["uid"]?.stringValue else { continue }
            switch try await operations.classify(reference, of: item) {
            case .unresolvable: return
            case .solid: solid += 1
            case .dangling: removable.append(uid)
            case .waitingForDependentsDeletion:
                removable.append(uid)
                waiting = true
            }
        }
        if solid > 0 {
            if !removable.isEmpty { try await operations.removeOwnerReferences(removable, from: item, type: type) }
            return
        }
        let owned = item.uid.map { self.dependents(of: $0, in: context.cache) } ?? []
        if waiting && !owned.isEmpty {
            if owned.contains(where: { Self.isDeletingDependents($0.object) }) {
                // A dependent also deletes in the foreground: unblock this one's owners, so no cycle waits forever.
                try await operations.unblockOwnerReferences(of: item, type: type)
            }
            try await operations.delete(item, type: type, policy: .foreground)
            return
        }
        let policy: PropagationPolicy =
            item.finalizers.contains(Self.orphan) ? .orphan : Self.isDeletingDependents(item) ? .foreground : .background
        try await operations.delete(item, type: type, policy: policy)
    }

    /// `processDeletingDependentsItem`: an owner deleted in the foreground loses its `foregroundDeletion` finalizer
    /// once no dependent blocks it; until then its blocking dependents are looked at.
    private func processDeletingDependents(
        _ owner: KubeObject, type: ResourceType, operations: GarbageCollectorOperations, context: ControllerContext
    ) async throws {
        guard let uid = owner.uid else { return }
        let blocking = dependents(of: uid, in: context.cache).filter { dependent in
            dependent.object.ownerReferences.contains {
                $0["uid"]?.stringValue == uid && $0["blockOwnerDeletion"]?.boolValue == true
            }
        }
        if blocking.isEmpty {
            try await operations.removeFinalizer(Self.foregroundDeletion, from: owner, type: type)
            return
        }
        for dependent in blocking where !Self.isDeletingDependents(dependent.object) {
            context.requeue(GarbageCollectorKey.key(dependent.type, dependent.object), after: .zero)
        }
    }

    /// `orphanDependents`: removes the owner's reference from each of its dependents.
    private func orphanDependents(
        of owner: KubeObject, operations: GarbageCollectorOperations, context: ControllerContext
    ) async throws {
        guard let uid = owner.uid else { return }
        try await context.forEach(dependents(of: uid, in: context.cache)) { dependent in
            try await operations.removeOwnerReferences([uid], from: dependent.object, type: dependent.type)
        }
    }

    // MARK: - The graph

    /// The objects naming `uid` as an owner, type by type in the monitored order, each in key order.
    func dependents(of uid: String, in cache: ObjectCache) -> [(type: ResourceType, object: KubeObject)] {
        types.flatMap { type in cache.dependents(type, ownerUID: uid).map { (type, $0) } }
    }

    /// The owners among `references` that are in the cache and wait for their dependents.
    private func waitingOwners(of references: [JSONValue], namespace: String?, in cache: ObjectCache) -> [ObjectKey] {
        references.compactMap { reference in
            guard let (type, owner) = cachedOwner(reference, namespace: namespace, in: cache), Self.isDeletingDependents(owner)
            else { return nil }
            return GarbageCollectorKey.key(type, owner)
        }
    }

    /// Whether the cache holds the owner a reference names, not deleting in the foreground.
    private func ownerIsSolid(_ reference: JSONValue, namespace: String?, in cache: ObjectCache) -> Bool {
        guard let (_, owner) = cachedOwner(reference, namespace: namespace, in: cache) else { return false }
        return !Self.isDeletingDependents(owner)
    }

    private func cachedOwner(_ reference: JSONValue, namespace: String?, in cache: ObjectCache) -> (ResourceType, KubeObject)? {
        guard let apiVersion = reference["apiVersion"]?.stringValue, let kind = reference["kind"]?.stringValue,
            let name = reference["name"]?.stringValue,
            let type = types.first(where: { $0.apiVersion == apiVersion && $0.kind == kind })
                ?? types.first(where: { $0.group == ResourceCatalog.split(apiVersion: apiVersion).group && $0.kind == kind }),
            let owner = cache.get(type, namespace: type.namespaced ? namespace : nil, name: name),
            owner.uid == reference["uid"]?.stringValue
        else { return nil }
        return (type, owner)
    }

    /// Being deleted with the `foregroundDeletion` finalizer.
    static func isDeletingDependents(_ object: KubeObject) -> Bool {
        object.deletionTimestamp != nil && object.finalizers.contains(foregroundDeletion)
    }
}

/// A garbage collector work item's key: the object's namespace, and as name `<apiVersion>/<plural>/<name>`
/// (`apps/v1/replicasets/web-5d4f`): names hold no `/`, so the last two parts are the plural and the name.
enum GarbageCollectorKey {
    static func key(_ type: ResourceType, _ object: KubeObject) -> ObjectKey {
        ObjectKey(namespace: object.namespace, name: "\(type.apiVersion)/\(type.plural)/\(object.name)")
    }

    static func parse(_ key: ObjectKey, catalog: ResourceCatalog) -> (ResourceType, String)? {
        let parts = key.name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return nil }
        let (group, version) = ResourceCatalog.split(apiVersion: parts.dropLast(2).joined(separator: "/"))
        guard let type = catalog.type(group: group, version: version, plural: parts[parts.count - 2]) else { return nil }
        return (type, parts[parts.count - 1])
    }
}
