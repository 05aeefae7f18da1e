import KubeAPI
import Synchronization

/// The informers' shared cache: the last state seen of every object of the watched types, as of `revision`,
/// with the index the control loops look pods up by (client-go's `cache.Indexer`).
///
/// Reads return objects in key order, so loops that walk them act in the same order on every run.
public final class ObjectCache: Sendable {
    private struct State {
        var objects: [ResourceType: [ObjectKey: KubeObject]] = [:]
        /// Node name → the keys of the pods bound to it.
        var podsByNode: [String: Set<ObjectKey>] = [:]
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
        state.withLock { $0.objects[type]?[ObjectKey(namespace: namespace, name: name)] }
    }

    public func get(_ type: ResourceType, _ key: ObjectKey) -> KubeObject? {
        state.withLock { $0.objects[type]?[key] }
    }

    /// The objects of a type, in one namespace or all (nil), in key order.
    public func list(_ type: ResourceType, namespace: String? = nil) -> [KubeObject] {
        let objects = state.withLock { state in
            let all = state.objects[type] ?? [:]
            guard let namespace else { return Array(all) }
            return all.filter { $0.key.namespace == namespace }
        }
        return objects.sorted { $0.key < $1.key }.map(\.value)
    }

    /// The pods bound to a node, in key order.
    public func pods(onNode node: String) -> [KubeObject] {
        let objects = state.withLock { state in
            (state.podsByNode[node] ?? []).compactMap { key in state.objects[BuiltinResources.pods]?[key].map { (key, $0) } }
        }
        return objects.sorted { $0.0 < $1.0 }.map(\.1)
    }

    // MARK: - Feeding the cache

    /// Replaces the whole content with a list read at `revision` (an informer's list, or relist after 410).
    func replace(with lists: [ResourceType: [KubeObject]], revision: Int64) {
        state.withLock { state in
            state = State()
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
            let key = ObjectKey(event.object)
            let old = state.objects[type]?[key]
            if let old { Self.remove(old, key: key, type: type, in: &state) }
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
        state.objects[type, default: [:]][key] = object
        if type == BuiltinResources.pods, let node = object.spec?["nodeName"]?.stringValue, !node.isEmpty {
            state.podsByNode[node, default: []].insert(key)
        }
    }

    private static func remove(_ object: KubeObject, key: ObjectKey, type: ResourceType, in state: inout State) {
        state.objects[type]?[key] = nil
        if type == BuiltinResources.pods, let node = object.spec?["nodeName"]?.stringValue {
            state.podsByNode[node]?.remove(key)
        }
    }

}
