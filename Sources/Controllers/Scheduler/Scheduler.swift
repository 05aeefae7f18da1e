import ComponentLogs
import Foundation
import KubeAPI
import Synchronization

/// kube-scheduler 1.32's default profile as a control loop: each pending pod of `default-scheduler` (unbound,
/// not terminating, not terminal, not gated) is filtered and scored against a snapshot of the cache, then
/// bound through the `binding` subresource, with a `Scheduled` event; a pod that fits nowhere gets a
/// `FailedScheduling` event and `PodScheduled=False` (reason `Unschedulable`), and DefaultPreemption evicts
/// lower-priority pods when that would make room.
///
/// A pending pod is tried again when something that could help changes (a node added or changed in labels,
/// taints, cordon or allocatable; a bound pod deleted, finished, or relabelled; the pod itself changed), and
/// otherwise every 5 minutes (`podMaxInUnschedulablePodsDuration`) on a timer that does not keep a simulation
/// running, so a settled cluster with a pod that fits nowhere stays settled.
public struct Scheduler: Controller {
    public var name: String { "default-scheduler" }
    public var fieldManager: String { "kube-scheduler" }
    public var watchedTypes: [ResourceType] {
        [
            BuiltinResources.nodes, BuiltinResources.pods, BuiltinResources.namespaces, BuiltinResources.persistentVolumeClaims,
            BuiltinResources.storageClasses,
        ]
    }

    /// The longest a pod that fits nowhere waits before it is tried again without a change.
    static let unschedulableRetry: Duration = .seconds(300)
    private let retries = RetryTimers()
    private let schedulerCache = SchedulerCache()

    public init() {}

    /// Cycles run one at a time (`SchedulerCache.cycle`); the bindings of up to 16 run beside them, as
    /// kube-scheduler binds in goroutines of their own.
    public var workers: Int { 16 }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.nodes:
            guard change.event != .deleted, Self.nodeChangeCouldHelp(change) else { return [] }
            return Self.pendingPods(in: cache)
        case BuiltinResources.pods:
            return Self.keys(forPodChange: change, in: cache)
        case BuiltinResources.persistentVolumeClaims:
            // A claim made or bound can let the pods waiting for it fit.
            guard change.event != .deleted else { return [] }
            let name = change.object.name
            return Self.pendingPods(in: cache) { $0.namespace == change.object.namespace && VolumeBinding.claimNames($0).contains(name) }
        default:
            return []
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let object = context.cache.get(BuiltinResources.pods, key), Self.isPending(object) else { return }
        let pod = PodInfo(object)
        let claims = Dictionary(
            VolumeBinding.claimNames(object).compactMap { name in
                context.cache.get(BuiltinResources.persistentVolumeClaims, namespace: object.namespace, name: name).map { (name, $0) }
            }, uniquingKeysWith: { first, _ in first })
        let delayed = Set(
            context.cache.list(BuiltinResources.storageClasses)
                .filter { $0.json["volumeBindingMode"]?.stringValue == "WaitForFirstConsumer" }.map(\.name))
        let volumeRejection = VolumeBinding.preFilter(object, claims: claims, delayedClasses: delayed)
        let outcome = schedulerCache.cycle(on: context.cache) { snapshot in
            var cycle = SchedulingCycle(pod: pod, snapshot: snapshot)
            cycle.volumeRejection = volumeRejection
            let outcome = cycle.run(tieBreak: context.names.next)
            if case .fits(let node, _, _) = outcome { return (outcome, (pod, node)) }
            return (outcome, nil)
        }
        switch outcome {
        case .fits(let node, let evaluated, let feasible):
            do { try await bind(pod, to: node, evaluated: evaluated, feasible: feasible, context: context) } catch {
                schedulerCache.forget(pod.key)
                throw error
            }
        case .noNodes:
            try await fail(pod, message: SchedulingCycle.noNodesAvailable, nominate: nil, context: context)
        case .unschedulable(let fitError, let preemption):
            var nominated: String?
            if case .candidate(let candidate) = preemption {
                try await preempt(candidate, for: pod, context: context)
                nominated = candidate.node
            }
            try await fail(pod, message: fitError.message, nominate: nominated, context: context)
        }
    }

    // MARK: - Outcomes

    /// The default binder's POST of a Binding, then `Scheduled` (`Successfully assigned <ns>/<pod> to <node>`).
    private func bind(_ pod: PodInfo, to node: String, evaluated: Int, feasible: Int, context: ControllerContext) async throws {
        var metadata: JSONValue = ["name": .string(pod.name), "namespace": .string(pod.namespace)]
        if !pod.uid.isEmpty { metadata["uid"] = .string(pod.uid) }
        let binding: JSONValue = [
            "apiVersion": "v1", "kind": "Binding", "metadata": metadata, "target": ["kind": "Node", "name": .string(node)],
        ]
        do {
            try await context.api.bind(namespace: pod.namespace, name: pod.name, binding: binding, options: context.writeOptions)
        } catch let error as StatusError where error.code == 404 || error.code == 409 {
            schedulerCache.forget(pod.key)
            return  // Deleted, bound or changed meanwhile: the change brings the pod back if it still waits.
        }
        retries.clear(pod.key)
        context.logs?.klog(.kubeScheduler).write(
            at: context.clock.now(), source: "schedule_one.go:314", "Successfully bound pod to node",
            [
                ("pod", .string("\(pod.namespace)/\(pod.name)")), ("node", .string(node)),
                ("evaluatedNodes", .int(Int64(evaluated))), ("feasibleNodes", .int(Int64(feasible))),
            ])
        await context.events.record(
            pod.object, reason: "Scheduled", message: "Successfully assigned \(pod.namespace)/\(pod.name) to \(node)")
    }

    /// `handleSchedulingFailure`: a `FailedScheduling` event (the note cut to 1024 bytes), and
    /// `PodScheduled=False` with the full message (plus the nominated node after a preemption), written only
    /// when it says something new; then the 5-minute retry.
    ///
    /// A verdict the pod's condition already states is not announced again except on the periodic retry, so
    /// the loops' restart (which offers every pod again) leaves a settled cluster as it was.
    private func fail(_ pod: PodInfo, message: String, nominate node: String?, context: ControllerContext) async throws {
        var status = pod.object.json["status"] ?? .emptyObject
        var conditions = status["conditions"]?.arrayValue ?? []
        let index = conditions.firstIndex { $0["type"]?.stringValue == "PodScheduled" }
        let old = index.map { conditions[$0] }
        let changed =
            old?["status"]?.stringValue != "False" || old?["reason"]?.stringValue != "Unschedulable"
            || old?["message"]?.stringValue != message
        if changed || node != nil || retries.isDue(pod.key, now: context.clock.now()) {
            context.logs?.klog(.kubeScheduler).write(
                at: context.clock.now(), source: "schedule_one.go:1046", "Unable to schedule pod; no fit; waiting",
                [("pod", .string("\(pod.namespace)/\(pod.name)")), ("err", .string(message))])
            await context.events.record(pod.object, type: .warning, reason: "FailedScheduling", message: Self.truncated(message))
        }
        if changed {
            let transition = old?["status"]?.stringValue == "False" ? old?["lastTransitionTime"] : nil
            let condition: JSONValue = [
                "type": "PodScheduled", "status": "False", "lastProbeTime": .null,
                "lastTransitionTime": transition ?? .string(RFC3339Timestamp.string(from: context.clock.now())),
                "reason": "Unschedulable", "message": .string(message),
            ]
            if let index { conditions[index] = condition } else { conditions.append(condition) }
            status["conditions"] = .array(conditions)
        }
        if let node { status["nominatedNodeName"] = .string(node) }
        if status != pod.object.json["status"] ?? .emptyObject {
            do {
                _ = try await context.api.updateStatus(
                    BuiltinResources.pods, namespace: pod.namespace, name: pod.name, status: status, options: context.writeOptions)
            } catch let error as StatusError where error.code == 404 {
                return
            }
        }
        if let due = retries.schedule(pod.key, now: context.clock.now(), after: Self.unschedulableRetry) {
            context.requeue(pod.key, at: due, settles: false)
        }
    }

    /// A note over 1024 bytes is cut to 1020 and ends with " ..." (`truncateMessage`).
    static func truncated(_ message: String) -> String {
        let bytes = Array(message.utf8)
        guard bytes.count > 1024 else { return message }
        return String(decoding: bytes[..<1020], as: UTF8.self) + " ..."
    }

    // MARK: - Which pods, and when

    /// Whether the scheduler should place the pod: `default-scheduler`'s (or no scheduler named), unbound, not
    /// being deleted, not finished, and without scheduling gates.
    static func isPending(_ pod: KubeObject) -> Bool {
        let spec = pod.spec ?? .emptyObject
        let scheduler = spec["schedulerName"]?.stringValue ?? ""
        return (scheduler.isEmpty || scheduler == "default-scheduler") && (spec["nodeName"]?.stringValue ?? "").isEmpty
            && pod.deletionTimestamp == nil && !PodPhase.isTerminal(pod)
            && (spec["schedulingGates"]?.arrayValue ?? []).isEmpty
    }

    /// The pending pods, highest priority first, then oldest (the active queue's order).
    static func pendingPods(in cache: ObjectCache, where include: (KubeObject) -> Bool = { _ in true }) -> [ObjectKey] {
        cache.unboundPods().filter { include($0) && isPending($0) }
            .map { (priority: $0.spec?["priority"]?.intValue ?? 0, created: $0.creationTimestamp ?? "", key: ObjectKey($0)) }
            .sorted { ($1.priority, $0.created, $0.key.namespace ?? "", $0.key.name) < ($0.priority, $1.created, $1.key.namespace ?? "", $1.key.name) }
            .map(\.key)
    }

    /// A node change that could let a pod fit: a new node, or new labels, taints, cordon or allocatable
    /// (not a heartbeat's conditions).
    private static func nodeChangeCouldHelp(_ change: ObjectChange) -> Bool {
        guard let old = change.old, change.event == .modified else { return true }
        let new = change.object
        return old.labels != new.labels || old.spec != new.spec
            || old.json[["status", "allocatable"]] != new.json[["status", "allocatable"]]
    }

    private static func keys(forPodChange change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        let pod = change.object
        let bound = !(pod.spec?["nodeName"]?.stringValue ?? "").isEmpty
        if !bound {
            guard change.event != .deleted, isPending(pod) else { return [] }
            guard let old = change.old, change.event == .modified else { return [ObjectKey(pod)] }
            // The scheduler's own status writes change nothing worth another try.
            var before = old.json, after = pod.json
            for field in ["status"] { before[field] = nil; after[field] = nil }
            for field in ["resourceVersion", "managedFields"] { before[["metadata", field]] = nil; after[["metadata", field]] = nil }
            return before == after ? [] : [ObjectKey(pod)]
        }
        let wasBound = !(change.old?.spec?["nodeName"]?.stringValue ?? "").isEmpty
        if change.event == .deleted || (PodPhase.isTerminal(pod) && !(change.old.map(PodPhase.isTerminal) ?? false))
            || (wasBound && change.old?.labels != pod.labels)
        {
            return pendingPods(in: cache)
        }
        if !wasBound || change.event == .added {
            // A newly bound pod can only help pods that need a pod nearby.
            return pendingPods(in: cache) { $0.spec?[["affinity", "podAffinity"]] != nil }
        }
        return []
    }
}

/// The pending pods' 5-minute retry timers, one at a time per pod, so retries prompted by changes do not
/// pile up timers.
final class RetryTimers: Sendable {
    private let due = Mutex<[ObjectKey: Date]>([:])

    /// The time to retry `key` at, or nil when a retry is already due later.
    func schedule(_ key: ObjectKey, now: Date, after delay: Duration) -> Date? {
        due.withLock { due in
            if let pending = due[key], pending > now { return nil }
            let time = now.addingTimeInterval(TimeInterval(delay.components.seconds))
            due[key] = time
            return time
        }
    }

    /// Whether a retry of `key` was set and its time has come.
    func isDue(_ key: ObjectKey, now: Date) -> Bool {
        due.withLock { $0[key].map { $0 <= now } ?? false }
    }

    func clear(_ key: ObjectKey) {
        due.withLock { $0[key] = nil }
    }
}
