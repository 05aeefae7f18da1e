import Foundation
import KubeAPI

/// The simulated kubelets: one per Node, unless the node is annotated `kubesim.io/kubelet: none` (a node
/// whose kubelet never runs: its status, lease and pods are left alone) or `kubesim.io/kubelet: stopped`
/// (`kubesim node stop`: its kubelet stopped, as on a machine that went down; it renews no lease, reports no
/// status and starts or stops no pod until the annotation goes). Each kubelet
/// - registers its node: fills in the status a kubelet reports when the Node was created without it
///   (`NodeRegistration`), keeps the conditions fresh (`NodeStatusReporter`) and renews its Lease every
///   10 s (`NodeLease`), on timers that do not keep a simulation running;
/// - runs the pods bound to its node through their stages (`PodWorker`, timings in `PodTimings`), and stops
///   and deletes those being deleted. Mirror pods of static pods are left alone.
///
/// Events come from component `kubelet` with `source.host` = the node; writes are made as field manager
/// `kubelet`.
public struct Kubelet: Controller {
    /// The node annotation that says no kubelet runs there (value `none`) or that it is stopped (`stopped`).
    public static let kubeletAnnotation = "kubesim.io/kubelet"
    /// The annotation's value for a stopped kubelet.
    public static let stoppedKubelet = "stopped"
    /// What marks a static pod's mirror pod.
    static let mirrorAnnotation = "kubernetes.io/config.mirror"

    let configuration: KubeletConfiguration
    let state = KubeletState()

    public init(_ configuration: KubeletConfiguration = KubeletConfiguration()) {
        self.configuration = configuration
    }

    public var name: String { "kubelet" }
    public var fieldManager: String { "kubelet" }
    /// Every node runs a kubelet of its own, and each kubelet a worker per pod: up to 64 pods at once.
    public var workers: Int { 64 }
    public var watchedTypes: [ResourceType] { [BuiltinResources.nodes, BuiltinResources.pods, BuiltinResources.leases] }

    /// Whether a kubelet runs on `node`: neither absent nor stopped.
    static func simulates(_ node: KubeObject) -> Bool {
        let value = node.annotations[kubeletAnnotation]
        return value != "none" && value != stoppedKubelet
    }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.nodes:
            var keys = [ObjectKey(change.object)]
            // Pods wait for their node's pod range and address, and for its kubelet to run.
            if change.old?.spec?["podCIDR"] != change.object.spec?["podCIDR"]
                || change.old.flatMap(NodeRegistration.internalIP) != NodeRegistration.internalIP(of: change.object)
                || change.old.map { Self.simulates($0) != Self.simulates(change.object) } == true
            {
                keys += cache.pods(onNode: change.object.name).map(ObjectKey.init)
            }
            return keys
        case BuiltinResources.pods:
            guard let node = change.object.spec?["nodeName"]?.stringValue, !node.isEmpty else { return [] }
            var keys = [ObjectKey(change.object)]
            // The node reports the images its pods pulled.
            if Self.imageIDs(change.object) != change.old.map(Self.imageIDs) ?? [] {
                keys.append(ObjectKey(namespace: nil, name: node))
            }
            return keys
        case BuiltinResources.leases where change.object.namespace == NodeLease.namespace:
            return [ObjectKey(namespace: nil, name: change.object.name)]
        default:
            return []
        }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        if key.namespace == nil {
            try await syncNode(key, context: context)
        } else {
            try await PodWorker(configuration: configuration, state: state).sync(key, context: context)
        }
    }

    /// Registers the node if needed, reports its status when due, renews its lease, and looks again when
    /// the next of those is due.
    private func syncNode(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let node = context.cache.get(BuiltinResources.nodes, key), Self.simulates(node),
            node.deletionTimestamp == nil
        else { return }
        let registration = NodeRegistration(configuration: configuration, names: context.names)
        if let patch = registration.metadataPatch(for: node) {
            try await context.api.mergePatch(BuiltinResources.nodes, namespace: nil, name: node.name, patch, options: context.writeOptions)
        }
        let now = context.clock.now()
        let others = context.cache.list(BuiltinResources.nodes).filter { $0.name != node.name }
        let current = node.json["status"] ?? .emptyObject
        var status = registration.filled(current, node: node, otherNodes: others)
        if let update = NodeStatusReporter.update(
            status, pods: context.cache.pods(onNode: node.name), now: now,
            reportFrequency: configuration.nodeStatusReportFrequency)
        {
            status = update
        }
        if status != current {
            _ = try await context.api.updateStatus(
                BuiltinResources.nodes, namespace: nil, name: node.name, status: status, options: context.writeOptions)
        }
        let lease = NodeLease(durationSeconds: configuration.nodeLeaseDurationSeconds)
        let leaseDue = try await lease.renew(for: node, context: context)
        let heartbeat = NodeStatusReporter.lastHeartbeat(status) ?? now
        let statusDue = heartbeat.addingTimeInterval(configuration.nodeStatusReportFrequency)
        context.requeue(key, at: min(leaseDue, statusDue), settles: false)
    }

    private static func imageIDs(_ pod: KubeObject) -> [String] {
        ((pod.json[["status", "initContainerStatuses"]]?.arrayValue ?? [])
            + (pod.json[["status", "containerStatuses"]]?.arrayValue ?? [])).compactMap { $0["imageID"]?.stringValue }
    }
}
