import Foundation
import KubeAPI

/// kube-controller-manager's ReplicaSet controller (`pkg/controller/replicaset`), and, with the same loop over
/// core/v1 objects, its ReplicationController manager (`pkg/controller/replication`): it keeps as many active
/// pods as `spec.replicas` asks, adopting matching orphans and releasing pods that stopped matching, creating
/// pods from the template in slow-start batches and deleting the least valuable first, and reports what it
/// sees in the status.
public struct ReplicaSetController: Controller {
    /// Which of the two kinds a loop manages.
    public enum Kind: Sendable {
        case replicaSet, replicationController
    }

    public let kind: Kind
    /// At most this many pods are created or deleted per reconcile (`BurstReplicas`).
    public let burstReplicas: Int

    public init(kind: Kind = .replicaSet, burstReplicas: Int = 500) {
        self.kind = kind
        self.burstReplicas = burstReplicas
    }

    public var name: String { kind == .replicaSet ? "replicaset-controller" : "replication-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-replicaset-syncs`.
    public var workers: Int { 5 }
    public var watchedTypes: [ResourceType] { [ownType, BuiltinResources.pods] }

    var ownType: ResourceType { kind == .replicaSet ? BuiltinResources.replicaSets : BuiltinResources.replicationControllers }
    var ownKind: (apiVersion: String, kind: String) {
        kind == .replicaSet ? ("apps/v1", "ReplicaSet") : ("v1", "ReplicationController")
    }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        if change.type == ownType { return [ObjectKey(change.object)] }
        var keys: [ObjectKey] = []
        for pod in [change.old, change.object].compactMap({ $0 }) {
            if let owner = owner(of: pod, in: cache) {
                keys.append(ObjectKey(owner))
            } else if change.event != .deleted, ControllerRef.of(pod) == nil {
                keys += cache.list(ownType, namespace: pod.namespace)
                    .filter { selector(of: $0)?.matches(pod.labels) == true }.map(ObjectKey.init)
            }
        }
        var seen = Set<ObjectKey>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// The pod's controller, when it is one of ours that still exists.
    private func owner(of pod: KubeObject, in cache: ObjectCache) -> KubeObject? {
        guard let reference = ControllerRef.of(pod), reference["kind"]?.stringValue == ownKind.kind,
            let name = reference["name"]?.stringValue,
            let owner = cache.get(ownType, namespace: pod.namespace, name: name), owner.uid == reference["uid"]?.stringValue
        else { return nil }
        return owner
    }

    /// What an owner may claim (the objects it controls and the orphans of its namespace), in key order:
    /// the namespace's objects without those another controller owns.
    static func claimable(_ type: ResourceType, by owner: KubeObject, in cache: ObjectCache) -> [KubeObject] {
        let namespace = owner.namespace ?? ""
        let controlled = owner.uid.map { cache.controlled(type, by: $0) } ?? []
        return (controlled.filter { $0.namespace == owner.namespace } + cache.uncontrolled(type, namespace: namespace))
            .sorted { ObjectKey($0) < ObjectKey($1) }
    }

    /// The selector: apps/v1's LabelSelector, or core/v1's map (which must not be empty).
    func selector(of object: KubeObject) -> LabelSelector? {
        guard let value = object.spec?["selector"] else { return nil }
        switch kind {
        case .replicaSet:
            return try? LabelSelector(object: value)
        case .replicationController:
            let labels = (value.objectValue ?? [:]).compactMapValues(\.stringValue)
            guard !labels.isEmpty else { return nil }
            return LabelSelector(requirements: labels.sorted { $0.key < $1.key }.map { .equals($0.key, $0.value) })
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let replicaSet = context.cache.get(ownType, key), let selector = selector(of: replicaSet) else { return }
        let active = Self.claimable(BuiltinResources.pods, by: replicaSet, in: context.cache).filter(PodState.isActive)
        let claims = ControllerRefClaims(
            owner: replicaSet, ownerType: ownType, ownerKind: ownKind, matches: { selector.matches($0.labels) })
        let pods = try await claims.claim(active, type: BuiltinResources.pods, context: context)
        var manageError: (any Error)?
        if replicaSet.deletionTimestamp == nil {
            do {
                try await PodReplicas(controller: self, owner: replicaSet, context: context).manage(pods)
            } catch {
                manageError = error
            }
        }
        let now = context.clock.now()
        var status = ReplicaSetStatus.calculate(replicaSet, pods: pods, manageError: manageError, now: now)
        if ReplicaSetStatus.needsUpdate(replicaSet, status) {
            status["observedGeneration"] = replicaSet.generation.map(JSONValue.int)
            _ = try await context.api.updateStatus(
                ownType, namespace: key.namespace, name: key.name, status: status, options: context.writeOptions)
        }
        if manageError == nil, let next = ReplicaSetStatus.nextAvailability(replicaSet, pods: pods, now: now) {
            context.requeue(key, at: next)
        }
        if let manageError { throw manageError }
    }
}
