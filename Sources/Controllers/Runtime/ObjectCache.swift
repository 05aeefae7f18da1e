import KubeAPI
import Synchronization

/// The informers' shared cache: the last state seen of every object of the watched types, as of `revision`,
/// with the indexes the control loops look objects up by (client-go's `cache.Indexer`): by namespace, by
/// controller, and pods by node.
///
/// Reads return objects in key order, so loops that walk them act in the same order on every run; no read
/// walks more than what it returns (a loop over a 10,000-pod namespace asks for one owner's pods, not all).
public final class ObjectCache: Sendable {
    /// One type's objects and indexes.
    private struct Objects {
        var byKey: [ObjectKey: KubeObject] = [:]
        /// Namespace ("" for cluster-scoped objects) → its objects' keys.
        var byNamespace: [String: SortedKeys] = [:]
        /// Controller uid → the keys of the objects it controls.
        var byController: [String: SortedKeys] = [:]
        /// Namespace → the keys of the objects without a controller.
        var uncontrolled: [String: SortedKeys] = [:]
        /// Owner uid (any owner reference) → the keys of the objects that name it.
        var byOwner: [String: SortedKeys] = [:]
    }

    private struct State {
        var objects: [ResourceType: Objects] = [:]
        /// Node name → the keys of the pods bound to it.
        var podsByNode: [String: SortedKeys] = [:]
        /// Node name → how many times the set or content of its pods changed.
        var nodePodChanges: [String: Int] = [:]
        /// The pods bound to no node.
        var unboundPods = SortedKeys()
        var revision: Int64 = 0
    }

    private let state = Mutex(State())
    /// The types the cache holds.
    public let types: [ResourceType]

    public init(types: [ResourceType]) {
        self.types = types
    }

    /// The store revision the cache has seen every change up to.
    public var revision: Int64 { state.withLock { $0.revision } }

    public func get(_ type: ResourceType, namespace: String?, name: String) -> KubeObject? {
        get(type, ObjectKey(namespace: namespace, name: name))
    }

    public func get(_ type: ResourceType, _ key: ObjectKey) -> KubeObject? {
        state.withLock { $0.objects[type]?.byKey[key] }
    }

    /// The objects of a type, in one namespace or all (nil), in key order.
    public func list(_ type: ResourceType, namespace: String? = nil) -> [KubeObject] {
        state.withLock { state in
            guard let objects = state.objects[type] else { return [] }
            if let namespace { return Self.resolve(objects.byNamespace[namespace], in: objects) }
            return objects.byNamespace.keys.sorted().flatMap { Self.resolve(objects.byNamespace[$0], in: objects) }
        }
    }

    /// The objects of a type whose controller (the owner reference with `controller: true`) has `uid`, in
    /// key order.
    public func controlled(_ type: ResourceType, by uid: String) -> [KubeObject] {
        state.withLock { state in
            state.objects[type].map { Self.resolve($0.byController[uid], in: $0) } ?? []
        }
    }

    /// The objects of a type that name `uid` in any of their owner references, in key order.
    public func dependents(_ type: ResourceType, ownerUID uid: String) -> [KubeObject] {
        state.withLock { state in
            state.objects[type].map { Self.resolve($0.byOwner[uid], in: $0) } ?? []
        }
    }

    /// The objects of a type in `namespace` that no controller owns, in key order.
    public func uncontrolled(_ type: ResourceType, namespace: String) -> [KubeObject] {
        state.withLock { state in
            state.objects[type].map { Self.resolve($0.uncontrolled[namespace], in: $0) } ?? []
        }
    }

    /// The pods bound to a node, in key order.
    public func pods(onNode node: String) -> [KubeObject] {
        state.withLock { state in
            state.objects[BuiltinResources.pods].map { Self.resolve(state.podsByNode[node], in: $0) } ?? []
        }
    }

    /// The pods bound to no node, in key order.
    public func unboundPods() -> [KubeObject] {
        state.withLock { state in
            state.objects[BuiltinResources.pods].map { Self.resolve(state.unboundPods, in: $0) } ?? []
        }
    }

    /// A number that changes whenever a pod bound to `node` is added, changed or removed: what a reader of
    /// `pods(onNode:)` compares to know its copy is still current.
    public func podChanges(onNode node: String) -> Int {
        state.withLock { $0.nodePodChanges[node] ?? 0 }
    }

    private static func resolve(_ keys: SortedKeys?, in objects: Objects) -> [KubeObject] {
        (keys?.keys ?? []).compactMap { objects.byKey[$0] }
    }

    // MARK: - Feeding the cache

    /// Replaces the whole content with a list read at `revision` (an informer's list, or relist after 410).
    func replace(with lists: [ResourceType: [KubeObject]], revision: Int64) {
        state.withLock { state in
            let changes = state.nodePodChanges
            state = State()
            // Counts only grow, so a reader's copy from before the relist is never taken as current.
            state.nodePodChanges = changes.mapValues { $0 + 1 }
            state.revision = revision
            for (type, objects) in lists {
                for object in objects { Self.store(object, type: type, in: &state) }
            }
        }
    }

    /// Applies one change; returns the object's previous state.
    @discardableResult
    func apply(_ type: ResourceType, _ event: ObjectEvent, revision: Int64) -> KubeObject? {
        state.withLock { state in
            state.revision = max(state.revision, revision)
            let old = state.objects[type]?.byKey[ObjectKey(event.object)]
            if let old { Self.remove(old, type: type, in: &state) }
            if event.type != .deleted { Self.store(event.object, type: type, in: &state) }
            return old
        }
    }

    /// Notes that the store reached `revision` without a change to the cached types.
    func advance(to revision: Int64) {
        state.withLock { $0.revision = max($0.revision, revision) }
    }

    private static func store(_ object: KubeObject, type: ResourceType, in state: inout State) {
        let key = ObjectKey(object)
        let namespace = object.namespace ?? ""
        state.objects[type, default: Objects()].byKey[key] = object
        state.objects[type]?.byNamespace[namespace, default: SortedKeys()].insert(key)
        if let controller = controllerUID(object) {
            state.objects[type]?.byController[controller, default: SortedKeys()].insert(key)
        } else {
            state.objects[type]?.uncontrolled[namespace, default: SortedKeys()].insert(key)
        }
        for owner in ownerUIDs(object) { state.objects[type]?.byOwner[owner, default: SortedKeys()].insert(key) }
        guard type == BuiltinResources.pods else { return }
        if let node = nodeName(object) {
            state.podsByNode[node, default: SortedKeys()].insert(key)
            state.nodePodChanges[node, default: 0] += 1
        } else {
            state.unboundPods.insert(key)
        }
    }

    private static func remove(_ object: KubeObject, type: ResourceType, in state: inout State) {
        let key = ObjectKey(object)
        let namespace = object.namespace ?? ""
        state.objects[type]?.byKey[key] = nil
        removeKey(key, from: &state.objects[type, default: Objects()].byNamespace, at: namespace)
        if let controller = controllerUID(object) {
            removeKey(key, from: &state.objects[type, default: Objects()].byController, at: controller)
        } else {
            removeKey(key, from: &state.objects[type, default: Objects()].uncontrolled, at: namespace)
        }
        for owner in ownerUIDs(object) { removeKey(key, from: &state.objects[type, default: Objects()].byOwner, at: owner) }
        guard type == BuiltinResources.pods else { return }
        if let node = nodeName(object) {
            removeKey(key, from: &state.podsByNode, at: node)
            state.nodePodChanges[node, default: 0] += 1
        } else {
            state.unboundPods.remove(key)
        }
    }

    /// Removes `key` from an index entry, dropping the entry once empty.
    private static func removeKey(_ key: ObjectKey, from index: inout [String: SortedKeys], at entry: String) {
        index[entry]?.remove(key)
        if index[entry]?.isEmpty == true { index[entry] = nil }
    }

    private static func controllerUID(_ object: KubeObject) -> String? {
        object.ownerReferences.first { $0["controller"]?.boolValue == true }?["uid"]?.stringValue
    }

    private static func ownerUIDs(_ object: KubeObject) -> Set<String> {
        Set(object.ownerReferences.compactMap { $0["uid"]?.stringValue })
    }

    private static func nodeName(_ pod: KubeObject) -> String? {
        guard let node = pod.spec?["nodeName"]?.stringValue, !node.isEmpty else { return nil }
        return node
    }
}
