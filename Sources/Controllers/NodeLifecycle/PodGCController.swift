import Foundation
import KubeAPI
import Synchronization

/// kube-controller-manager's pod garbage collector (`pkg/controller/podgc/gc_controller.go`,
/// `pod-garbage-collector-controller`). It force-deletes (grace period 0), after marking them `Failed` when they
/// are not terminal yet:
/// - pods bound to a node that no longer exists, once the node has been missing for the quarantine time
///   (40 s) and a GET confirms it, with the condition `DisruptionTarget` (`DeletionByPodGC`, "PodGC: node no
///   longer exists");
/// - terminating pods on a node that is not Ready and carries the `node.kubernetes.io/out-of-service` taint;
/// - terminating pods never scheduled;
/// - the oldest terminated pods beyond `--terminated-pod-gc-threshold` (evicted ones first).
public struct PodGCController: Controller {
    /// The key of the terminated-pods sweep (no node has an empty name).
    static let terminatedKey = ObjectKey(namespace: nil, name: "")
    static let outOfService = "node.kubernetes.io/out-of-service"

    /// `--terminated-pod-gc-threshold` (12500; 0 turns the sweep off).
    let terminatedPodThreshold: Int
    /// How long a node must be missing before its pods go (`quarantineTime`).
    let quarantine: TimeInterval
    let missing = MissingNodes()

    public init(terminatedPodThreshold: Int = 12500, quarantine: TimeInterval = 40) {
        self.terminatedPodThreshold = terminatedPodThreshold
        self.quarantine = quarantine
    }

    public var name: String { "pod-garbage-collector-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.nodes, BuiltinResources.pods] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.nodes:
            let key = ObjectKey(change.object)
            if change.event == .deleted { return [key] }
            // A node newly out of service: its terminating pods go.
            let outOfService = Self.outOfServiceAndNotReady(change.object)
            return outOfService && !(change.old.map(Self.outOfServiceAndNotReady) ?? false) ? [key] : []
        case BuiltinResources.pods:
            guard change.event != .deleted else { return [] }
            let pod = change.object
            var keys: [ObjectKey] = []
            let node = pod.spec?["nodeName"]?.stringValue ?? ""
            if node.isEmpty {
                if pod.deletionTimestamp != nil { keys.append(ObjectKey(pod)) }
            } else if let object = cache.get(BuiltinResources.nodes, namespace: nil, name: node) {
                if pod.deletionTimestamp != nil && Self.outOfServiceAndNotReady(object) {
                    keys.append(ObjectKey(namespace: nil, name: node))
                }
            } else {
                keys.append(ObjectKey(namespace: nil, name: node))
            }
            if terminatedPodThreshold > 0 && Self.terminated(pod) && !(change.old.map(Self.terminated) ?? false) {
                keys.append(Self.terminatedKey)
            }
            return keys
        default:
            return []
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        if key.namespace != nil {
            // gcUnscheduledTerminating
            guard let pod = context.cache.get(BuiltinResources.pods, key), pod.deletionTimestamp != nil,
                (pod.spec?["nodeName"]?.stringValue ?? "").isEmpty
            else { return }
            try await markFailedAndDelete(pod, condition: nil, context: context)
        } else if key == Self.terminatedKey {
            try await collectTerminated(context: context)
        } else if let node = context.cache.get(BuiltinResources.nodes, key) {
            missing.forget(key.name)
            guard Self.outOfServiceAndNotReady(node) else { return }
            let terminating = context.cache.pods(onNode: node.name).filter { $0.deletionTimestamp != nil }
            for pod in Self.byEvictionAndCreation(terminating) {
                try await markFailedAndDelete(pod, condition: nil, context: context)
            }
        } else {
            try await collectOrphans(of: key, context: context)
        }
    }

    /// `gcOrphaned`: the pods of a node missing for the quarantine time, once a GET confirms it is gone.
    private func collectOrphans(of key: ObjectKey, context: ControllerContext) async throws {
        let pods = context.cache.pods(onNode: key.name)
        let now = context.clock.now()
        guard !pods.isEmpty else {
            missing.forget(key.name)
            return
        }
        let since = missing.since(key.name, now: now)
        let due = since.addingTimeInterval(quarantine)
        guard now >= due else {
            context.requeue(key, at: due)
            return
        }
        do {
            _ = try await context.api.get(BuiltinResources.nodes, namespace: nil, name: key.name)
            return
        } catch let error as StatusError where error.code == 404 {}
        let condition: JSONValue = [
            "type": "DisruptionTarget", "status": "True", "reason": "DeletionByPodGC",
            "message": "PodGC: node no longer exists",
        ]
        for pod in pods {
            try await markFailedAndDelete(pod, condition: condition, context: context)
        }
        missing.forget(key.name)
    }

    /// `gcTerminated`: the terminated pods beyond the threshold, evicted first, then oldest first.
    private func collectTerminated(context: ControllerContext) async throws {
        let terminated = context.cache.list(BuiltinResources.pods).filter(Self.terminated)
        let excess = terminated.count - terminatedPodThreshold
        guard terminatedPodThreshold > 0, excess > 0 else { return }
        for pod in Self.byEvictionAndCreation(terminated).prefix(excess) {
            try await markFailedAndDelete(pod, condition: nil, context: context)
        }
    }

    /// `markFailedAndDeletePodWithCondition`: phase `Failed` (and the condition) unless terminal already,
    /// then a delete with grace period 0.
    private func markFailedAndDelete(_ pod: KubeObject, condition: JSONValue?, context: ControllerContext) async throws {
        do {
            if !Self.terminated(pod) {
                var status = pod.json["status"] ?? .emptyObject
                status["phase"] = "Failed"
                if var condition {
                    var conditions = status["conditions"]?.arrayValue ?? []
                    let index = conditions.firstIndex { $0["type"] == condition["type"] }
                    let old = index.map { conditions[$0] }
                    condition["lastProbeTime"] = .null
                    condition["lastTransitionTime"] =
                        old?["status"] == condition["status"] ? old?["lastTransitionTime"] ?? .null
                        : .string(RFC3339Timestamp.string(from: context.clock.now()))
                    if let index { conditions[index] = condition } else { conditions.append(condition) }
                    status["conditions"] = .array(conditions)
                }
                // A patch of pods/status, as `podutil.PatchPodStatus` sends: the pod GC's role may patch the status,
                // not update it.
                _ = try await context.api.patchStatus(
                    BuiltinResources.pods, namespace: pod.namespace, name: pod.name, patchType: .merge,
                    body: JSONValue.object(["status": status]).jsonData(), options: context.writeOptions)
            }
            _ = try await context.api.delete(
                BuiltinResources.pods, namespace: pod.namespace, name: pod.name, options: DeleteOptions(gracePeriodSeconds: 0))
        } catch let error as StatusError where error.code == 404 {
            return
        }
    }

    static func terminated(_ pod: KubeObject) -> Bool {
        let phase = pod.json[["status", "phase"]]?.stringValue
        return phase == "Succeeded" || phase == "Failed"
    }

    static func outOfServiceAndNotReady(_ node: KubeObject) -> Bool {
        NodeHealth.readyStatus(node) != "True"
            && (node.spec?["taints"]?.arrayValue ?? []).contains { $0["key"]?.stringValue == outOfService }
    }

    /// `byEvictionAndCreationTimestamp`: pods the kubelet evicted first, then by creation, then by name.
    static func byEvictionAndCreation(_ pods: [KubeObject]) -> [KubeObject] {
        func evicted(_ pod: KubeObject) -> Bool {
            pod.json[["status", "phase"]]?.stringValue == "Failed" && pod.json[["status", "reason"]]?.stringValue == "Evicted"
        }
        return pods.sorted { a, b in
            if evicted(a) != evicted(b) { return evicted(a) }
            let (createdA, createdB) = (a.creationTimestamp ?? "", b.creationTimestamp ?? "")
            return createdA != createdB ? createdA < createdB : a.name < b.name
        }
    }
}

/// When the pod garbage collector first found each node missing (its quarantine start).
final class MissingNodes: Sendable {
    private let since = Mutex<[String: Date]>([:])

    /// When `node` was first found missing (now, the first time).
    func since(_ node: String, now: Date) -> Date {
        since.withLock { since in
            if let first = since[node] { return first }
            since[node] = now
            return now
        }
    }

    func forget(_ node: String) {
        since.withLock { $0[node] = nil }
    }
}
