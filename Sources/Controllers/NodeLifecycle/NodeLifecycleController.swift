import Foundation
import KubeAPI

/// kube-controller-manager's node lifecycle controller (`pkg/controller/nodelifecycle`, events from
/// `node-controller`). For each node it
/// - watches the kubelet's heartbeats (the Ready condition's and the `kube-node-lease` Lease's renewals): once
///   none came for `--node-monitor-grace-period` (`--node-startup-grace-period` for a node that never posted
///   Ready), it marks the node's conditions Unknown (`NodeHealth`), records `NodeNotReady` on the node and
///   turns its pods' Ready condition False (a `NodeNotReady` warning on each);
/// - keeps the condition taints: `NoSchedule` ones mirroring the conditions and the cordon, and one `NoExecute`
///   taint (`unreachable` or `not-ready`) while the node is not Ready, added at most one node per 10 s in a
///   zone (`--node-eviction-rate` 0.1), none in a small zone that is partly down, and none anywhere when every
///   zone is fully down (the controller then trusts no node's silence and removes them).
///
/// Each check is a timer at the moment the node's grace period ends; in a simulation it keeps the run going
/// only for a node whose simulated kubelet is stopped, since a running one renews its lease before then.
public struct NodeLifecycleController: Controller {
    public struct Configuration: Sendable {
        /// `--node-monitor-grace-period`: 50 s since 1.32 (kubernetes#126287; 40 s before).
        public var nodeMonitorGracePeriod: TimeInterval = 50
        /// `--node-startup-grace-period`: for a node whose kubelet never posted its Ready condition.
        public var nodeStartupGracePeriod: TimeInterval = 60
        /// `--node-eviction-rate`: nodes per second that get a NoExecute taint, per zone.
        public var nodeEvictionRate = 0.1
        /// `--unhealthy-zone-threshold`: the share of not-Ready nodes (more than 2) that makes a zone partly down.
        public var unhealthyZoneThreshold = 0.55
        /// `--large-cluster-size-threshold`: a partly down zone this size or smaller gets no new NoExecute taints.
        public var largeClusterSizeThreshold = 50

        public init() {}
    }

    let configuration: Configuration
    let state = NodeLifecycleState()

    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public var name: String { "node-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.nodes, BuiltinResources.leases, BuiltinResources.pods] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.nodes:
            let key = ObjectKey(change.object)
            // A node's readiness changes its zone's state, which decides the other nodes' NoExecute taints.
            guard change.event == .deleted || change.old.flatMap(NodeHealth.readyStatus) != NodeHealth.readyStatus(change.object)
            else { return [key] }
            return [key] + cache.list(BuiltinResources.nodes).map(ObjectKey.init).filter { $0 != key }
        case BuiltinResources.leases where change.object.namespace == NodeLease.namespace:
            guard change.old?.spec?["renewTime"] != change.object.spec?["renewTime"] else { return [] }
            return [ObjectKey(namespace: nil, name: change.object.name)]
        default:
            return []
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard var node = context.cache.get(BuiltinResources.nodes, key) else {
            state.forget(key.name)
            return
        }
        let now = context.clock.now()
        let observedReady = NodeHealth.readyStatus(node)
        let lease = context.cache.get(BuiltinResources.leases, namespace: NodeLease.namespace, name: node.name)
        let grace = observedReady == nil ? configuration.nodeStartupGracePeriod : configuration.nodeMonitorGracePeriod
        let heard = NodeHealth.lastHeard(node, lease: lease, floor: state.firstSeen(node.name, now: now))
        let deadline = heard.addingTimeInterval(grace)
        if now >= deadline {
            node = try await markUnknown(node, observedReady: observedReady, now: now, context: context)
        } else {
            let settles = !Kubelet.simulates(node)
            if state.needsCheck(node.name, at: deadline, settles: settles, now: now) {
                context.requeue(key, at: deadline, settles: settles)
            }
        }
        node = try await syncNoScheduleTaints(node, now: now, context: context)
        try await syncNoExecuteTaint(node, now: now, context: context)
    }

    /// Marks the node's conditions Unknown; when it was Ready, records `NodeNotReady` and marks its pods not
    /// ready. Returns the node as written.
    private func markUnknown(
        _ node: KubeObject, observedReady: String?, now: Date, context: ControllerContext
    ) async throws -> KubeObject {
        let status = NodeHealth.unknownStatus(node.json["status"] ?? .emptyObject, node: node, now: now)
        var marked = node
        marked.json["status"] = status
        guard NodeHealth.condition("Ready", of: marked) != NodeHealth.condition("Ready", of: node) else { return node }
        let updated = try await context.api.updateStatus(
            BuiltinResources.nodes, namespace: nil, name: node.name, status: status, options: context.writeOptions)
        if observedReady == "True" {
            await context.events.record(
                Self.reference(to: node), reason: "NodeNotReady", message: "Node \(node.name) status is now: NodeNotReady")
            try await markPodsNotReady(on: node.name, now: now, context: context)
        }
        return updated
    }

    /// `MarkPodsNotReady`: each pod on the node whose Ready condition is not False yet gets it False.
    private func markPodsNotReady(on node: String, now: Date, context: ControllerContext) async throws {
        for pod in context.cache.pods(onNode: node) {
            var status = pod.json["status"] ?? .emptyObject
            var conditions = status["conditions"]?.arrayValue ?? []
            guard let index = conditions.firstIndex(where: { $0["type"]?.stringValue == "Ready" }),
                conditions[index]["status"]?.stringValue != "False"
            else { continue }
            conditions[index]["status"] = "False"
            conditions[index]["lastTransitionTime"] = .string(RFC3339Timestamp.string(from: now))
            status["conditions"] = .array(conditions)
            do {
                _ = try await context.api.updateStatus(
                    BuiltinResources.pods, namespace: pod.namespace, name: pod.name, status: status,
                    options: context.writeOptions)
            } catch let error as StatusError where error.code == 404 {
                continue
            }
            await context.events.record(pod, type: .warning, reason: "NodeNotReady", message: "Node is not ready")
        }
    }

    /// `doNoScheduleTaintingPass`: the NoSchedule taints the conditions and the cordon call for.
    private func syncNoScheduleTaints(_ node: KubeObject, now: Date, context: ControllerContext) async throws -> KubeObject {
        let taints = NodeConditionTaints.taints(of: node)
        let wanted = NodeConditionTaints.wantedNoSchedule(node)
        let present = taints.compactMap { taint -> String? in
            guard taint["effect"]?.stringValue == "NoSchedule", let key = taint["key"]?.stringValue,
                NodeConditionTaints.managedNoScheduleKeys.contains(key)
            else { return nil }
            return key
        }
        guard
            let swapped = NodeConditionTaints.swapped(
                taints, adding: wanted.filter { !present.contains($0) }, removing: present.filter { !wanted.contains($0) },
                effect: "NoSchedule", now: now)
        else { return node }
        return try await NodeConditionTaints.write(swapped, to: node, context: context)
    }

    /// `processTaintBaseEviction` and `doNoExecuteTaintingPass`: the NoExecute taint the Ready condition calls
    /// for, swapped at once for its opposite, otherwise added under the zone's rate limit and disruption state.
    private func syncNoExecuteTaint(_ node: KubeObject, now: Date, context: ControllerContext) async throws {
        let taints = NodeConditionTaints.taints(of: node)
        let both = [NodeConditionTaints.notReady, NodeConditionTaints.unreachable]
        let ready = NodeHealth.readyStatus(node)
        if ready == nil { return }
        // The cache may not have this reconcile's writes to the node yet.
        let nodes = context.cache.list(BuiltinResources.nodes).map { $0.name == node.name ? node : $0 }
        guard let wanted = NodeConditionTaints.wantedNoExecute(readyStatus: ready), !everyZoneDown(nodes) else {
            // Ready again (or no node to trust): `markNodeAsReachable`.
            if let swapped = NodeConditionTaints.swapped(taints, adding: [], removing: both, effect: "NoExecute", now: now) {
                _ = try await NodeConditionTaints.write(swapped, to: node, context: context)
            }
            return
        }
        let opposite = both.filter { $0 != wanted }
        let hasOpposite = opposite.contains { NodeConditionTaints.has(taints, key: $0, effect: "NoExecute") }
        if NodeConditionTaints.has(taints, key: wanted, effect: "NoExecute") && !hasOpposite { return }
        let zone = NodeHealth.zone(of: node)
        if !hasOpposite {
            let zoneNodes = nodes.filter { NodeHealth.zone(of: $0) == zone && !NodeHealth.excludedFromDisruption($0) }
            if partlyDown(zoneNodes) && zoneNodes.count <= configuration.largeClusterSizeThreshold { return }
            let interval = 1 / configuration.nodeEvictionRate
            if let next = state.nextTaintTime(zone: zone, interval: interval, now: now) {
                context.requeue(ObjectKey(node), at: next, settles: !Kubelet.simulates(node))
                return
            }
            state.recordTaint(zone: zone, at: now)
        }
        if let swapped = NodeConditionTaints.swapped(taints, adding: [wanted], removing: opposite, effect: "NoExecute", now: now) {
            _ = try await NodeConditionTaints.write(swapped, to: node, context: context)
        }
    }

    /// Whether every zone is fully down (no Ready node, some not Ready): the controller's full disruption mode.
    private func everyZoneDown(_ nodes: [KubeObject]) -> Bool {
        let counted = nodes.filter { !NodeHealth.excludedFromDisruption($0) }
        guard !counted.isEmpty else { return false }
        return Dictionary(grouping: counted, by: NodeHealth.zone).values.allSatisfy { zone in
            !zone.contains { NodeHealth.readyStatus($0) == "True" }
        }
    }

    /// `ComputeZoneState`'s partial disruption: more than 2 nodes not Ready, and at least the threshold's share.
    private func partlyDown(_ zone: [KubeObject]) -> Bool {
        let notReady = zone.filter { NodeHealth.readyStatus($0) != "True" }.count
        return notReady > 2 && Double(notReady) / Double(max(zone.count, 1)) >= configuration.unhealthyZoneThreshold
    }

    /// The reference `RecordNodeStatusChange` records events on: the node's kind, name and uid.
    static func reference(to node: KubeObject) -> KubeObject {
        var metadata: JSONValue = ["name": .string(node.name)]
        if let uid = node.uid { metadata["uid"] = .string(uid) }
        return KubeObject(["apiVersion": "v1", "kind": "Node", "metadata": metadata])
    }
}
