import KubeAPI

/// One control loop: kube-controller-manager's reconcile-over-a-cache shape (`pkg/controller/...`). It hears of
/// changes to the types it watches, turns each into the keys it must look at, and reconciles one key at a
/// time through the API, never calling another controller.
public protocol Controller: Sendable {
    /// The name its events and logs carry: `deployment-controller`, `default-scheduler`, `kubelet`.
    var name: String { get }
    /// The field manager its writes are recorded under: `kube-controller-manager`, `kube-scheduler`, `kubelet`.
    var fieldManager: String { get }
    /// The types whose changes it hears of; the cache holds them.
    var watchedTypes: [ResourceType] { get }
    /// The keys a change makes due, e.g. the owning ReplicaSet of a changed pod. Called for every object when
    /// the loops start (as ADDED), and for every change after.
    func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey]
    /// Brings what `key` names to its desired state. Throwing requeues the key with backoff, as client-go's
    /// rate-limited queue does.
    func reconcile(_ key: ObjectKey, context: ControllerContext) async throws
    /// How many keys it reconciles at once in real time (kube-controller-manager's `--concurrent-*-syncs`);
    /// the simulation reconciles one key at a time.
    var workers: Int { get }
}

extension Controller {
    public var workers: Int { 1 }
}

/// A change the informers saw: the object's new state (its last state for a delete) and its state before.
public struct ObjectChange: Sendable {
    public var type: ResourceType
    public var event: ObjectEvent.EventType
    public var object: KubeObject
    public var old: KubeObject?

    public init(type: ResourceType, event: ObjectEvent.EventType, object: KubeObject, old: KubeObject?) {
        self.type = type
        self.event = event
        self.object = object
        self.old = old
    }
}
