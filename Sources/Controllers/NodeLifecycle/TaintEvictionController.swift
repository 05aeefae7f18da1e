import Foundation
import KubeAPI
import Synchronization

/// kube-controller-manager's taint eviction controller (`pkg/controller/tainteviction`, 1.32's
/// `taint-eviction-controller`): a pod bound to a node with `NoExecute` taints is deleted at once when it does
/// not tolerate them all, after the least of its matching tolerations' `tolerationSeconds` when it does
/// (counted from when the taints reached it), and never when they tolerate them for ever. Before deleting it
/// records `TaintManagerEviction` ("Marking for deletion Pod ns/name") and gives the pod the
/// `DisruptionTarget` condition (`DeletionByTaintManager`); an eviction called off because the taints went
/// records `Cancelling deletion of Pod ns/name`.
public struct TaintEvictionController: Controller {
    let state = EvictionState()

    public init() {}

    public var name: String { "taint-eviction-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.nodes, BuiltinResources.pods] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.nodes:
            let taints = Self.noExecuteTaints(change.object)
            if change.event == .modified, change.old.map(Self.noExecuteTaints) == taints { return [] }
            if change.event == .added && taints.isEmpty { return [] }
            return cache.pods(onNode: change.object.name).map(ObjectKey.init)
        case BuiltinResources.pods:
            let node = change.object.spec?["nodeName"]?.stringValue ?? ""
            if let old = change.old, old.spec?["nodeName"] == change.object.spec?["nodeName"],
                old.spec?["tolerations"] == change.object.spec?["tolerations"], change.event != .deleted
            {
                return []
            }
            return node.isEmpty && change.event != .deleted ? [] : [ObjectKey(change.object)]
        default:
            return []
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        let now = context.clock.now()
        guard let pod = context.cache.get(BuiltinResources.pods, key), pod.deletionTimestamp == nil,
            let nodeName = pod.spec?["nodeName"]?.stringValue, !nodeName.isEmpty,
            let node = context.cache.get(BuiltinResources.nodes, namespace: nil, name: nodeName)
        else {
            await cancel(key, context: context)
            return
        }
        let taints = Self.noExecuteTaints(node)
        if taints.isEmpty {
            await cancel(key, context: context)
            return
        }
        let tolerations = pod.spec?["tolerations"]?.arrayValue ?? []
        var used: [JSONValue] = []
        for taint in taints {
            guard let toleration = tolerations.first(where: { Toleration($0).tolerates(Taint(taint)) }) else {
                try await evict(pod, context: context)
                return
            }
            used.append(toleration)
        }
        guard let seconds = Self.minimumTolerationSeconds(used) else {
            await cancel(key, context: context)
            return
        }
        let start = state.start(key, uid: pod.uid ?? "", default: Self.taintedSince(taints, pod: pod, now: now))
        let due = start.addingTimeInterval(seconds)
        if now >= due {
            try await evict(pod, context: context)
        } else {
            context.requeue(key, at: due)
        }
    }

    /// Records the eviction, marks the pod a disruption target and deletes it (its own grace period).
    private func evict(_ pod: KubeObject, context: ControllerContext) async throws {
        let key = ObjectKey(pod)
        state.forget(key)
        await context.events.record(
            Self.reference(to: pod), reason: "TaintManagerEviction", message: "Marking for deletion Pod \(key)")
        do {
            let current = try await context.api.get(BuiltinResources.pods, namespace: pod.namespace, name: pod.name)
            guard current.uid == pod.uid else { return }
            let status = PodCondition.setting(
                current.json["status"] ?? .emptyObject, type: "DisruptionTarget", status: "True",
                reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint",
                time: RFC3339Timestamp.string(from: context.clock.now()))
            _ = try await context.api.updateStatus(
                BuiltinResources.pods, namespace: pod.namespace, name: pod.name, status: status,
                options: context.writeOptions)
            _ = try await context.api.delete(
                BuiltinResources.pods, namespace: pod.namespace, name: pod.name, options: DeleteOptions())
        } catch let error as StatusError where error.code == 404 || error.code == 409 {
            return
        }
    }

    /// Calls off a scheduled eviction, with its event.
    private func cancel(_ key: ObjectKey, context: ControllerContext) async {
        guard state.forget(key) else { return }
        await context.events.record(
            KubeObject(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(key.name), "namespace": .string(key.namespace ?? "")]]),
            reason: "TaintManagerEviction", message: "Cancelling deletion of Pod \(key)")
    }

    static func noExecuteTaints(_ node: KubeObject) -> [JSONValue] {
        (node.spec?["taints"]?.arrayValue ?? []).filter { $0["effect"]?.stringValue == "NoExecute" }
    }

    /// `getMinTolerationTime`: the least `tolerationSeconds` of the matching tolerations (0 when one is 0 or
    /// less), nil when none limits the time (tolerated for ever).
    static func minimumTolerationSeconds(_ tolerations: [JSONValue]) -> TimeInterval? {
        let limits = tolerations.compactMap { $0["tolerationSeconds"]?.intValue }
        guard let least = limits.min() else { return nil }
        return TimeInterval(max(least, 0))
    }

    /// When the taints reached the pod, for a controller that did not see it happen: the earliest taint's
    /// `timeAdded`, or the pod's creation if later, never after now.
    static func taintedSince(_ taints: [JSONValue], pod: KubeObject, now: Date) -> Date {
        let added = taints.compactMap { $0["timeAdded"]?.stringValue.flatMap(RFC3339Timestamp.date(from:)) }.min() ?? now
        let created = pod.creationTimestamp.flatMap(RFC3339Timestamp.date(from:)) ?? added
        return min(max(added, created), now)
    }

    /// The reference the controller records on: the pod's kind, namespace and name.
    static func reference(to pod: KubeObject) -> KubeObject {
        KubeObject(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(pod.name), "namespace": .string(pod.namespace ?? "")]])
    }
}

/// The evictions the taint eviction controller has scheduled: when each pod's countdown started.
final class EvictionState: Sendable {
    private let starts = Mutex<[ObjectKey: (uid: String, start: Date)]>([:])

    /// The pod's countdown start, set to `default` the first time.
    func start(_ key: ObjectKey, uid: String, default start: Date) -> Date {
        starts.withLock { starts in
            if let entry = starts[key], entry.uid == uid { return entry.start }
            starts[key] = (uid, start)
            return start
        }
    }

    /// Drops the pod's countdown; whether it had one.
    @discardableResult
    func forget(_ key: ObjectKey) -> Bool {
        starts.withLock { $0.removeValue(forKey: key) != nil }
    }
}
