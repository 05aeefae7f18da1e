import Foundation
import KubeAPI

/// One sync of a DaemonSet's pods (`manage`, `podsShouldBeOnNode`, `syncNodes`): which nodes need a pod,
/// which pods must go, and the creations and deletions themselves.
struct DaemonSetSync {
    let controller: DaemonSetController
    let daemonSet: KubeObject
    let context: ControllerContext
    let placement: DaemonPlacement
    /// The current revision's `controller-revision-hash`.
    let hash: String

    /// The pods the DaemonSet controls after adoption and release (`getDaemonPods`).
    func claimPods(selector: LabelSelector) async throws -> [KubeObject] {
        let claims = ControllerRefClaims(
            owner: daemonSet, ownerType: BuiltinResources.daemonSets, ownerKind: DaemonSetHistory.ownKind,
            matches: { selector.matches($0.labels) })
        let candidates = ReplicaSetController.claimable(BuiltinResources.pods, by: daemonSet, in: context.cache)
        return try await claims.claim(candidates, type: BuiltinResources.pods, context: context)
    }

    /// The pods by the node they are for (`getNodesToDaemonPods`), leaving out terminal pods being deleted.
    func podsByNode(_ pods: [KubeObject]) -> [String: [KubeObject]] {
        var byNode: [String: [KubeObject]] = [:]
        for pod in pods {
            let phase = pod.json[["status", "phase"]]?.stringValue
            if pod.deletionTimestamp != nil && (phase == "Succeeded" || phase == "Failed") { continue }
            guard let node = DaemonPlacement.targetNode(of: pod) else { continue }
            byNode[node, default: []].append(pod)
        }
        return byNode
    }

    /// Creates the missing pods and deletes the ones that must go; true when it tried any.
    func manage(nodes: [KubeObject], pods: [KubeObject]) async throws -> Bool {
        let byNode = podsByNode(pods)
        var needing: [String] = []
        var deleting: [KubeObject] = []
        for node in nodes {
            let (create, delete) = await podsShouldBeOnNode(node, pods: byNode[node.name])
            if create { needing.append(node.name) }
            deleting += delete
        }
        // Unbound pods for nodes that no longer exist: the pod GC never sees them.
        let existing = Set(nodes.map(\.name))
        for (node, nodePods) in byNode.sorted(by: { $0.key < $1.key }) where !existing.contains(node) {
            deleting += nodePods.filter { ($0.spec?["nodeName"]?.stringValue ?? "").isEmpty }
        }
        try await syncNodes(deleting: deleting, creatingOn: needing)
        return !needing.isEmpty || !deleting.isEmpty
    }

    /// Whether `node` needs a new pod, and which of its pods to delete.
    private func podsShouldBeOnNode(_ node: KubeObject, pods: [KubeObject]?) async -> (create: Bool, delete: [KubeObject]) {
        let (shouldRun, shouldContinueRunning) = placement.decision(for: node)
        guard let pods else { return (shouldRun, []) }
        guard shouldContinueRunning else { return (false, pods.filter { $0.deletionTimestamp == nil }) }
        var deleting: [KubeObject] = []
        var running: [KubeObject] = []
        let now = context.clock.now()
        for pod in pods where pod.deletionTimestamp == nil {
            switch pod.json[["status", "phase"]]?.stringValue {
            case "Failed":
                let key = "\(daemonSet.uid ?? "")/\(daemonSet.statusInt("observedGeneration"))/\(node.name)"
                if let delay = controller.backoff.remaining(key, now: now) {
                    context.requeue(ObjectKey(daemonSet), after: .milliseconds(Int64((delay * 1000).rounded(.up))))
                    continue
                }
                controller.backoff.next(key, now: now)
                await context.events.record(
                    daemonSet, type: .warning, reason: "FailedDaemonPod",
                    message: "Found failed daemon pod \(pod.namespace ?? "")/\(pod.name) on node \(node.name), will try to kill it")
                deleting.append(pod)
            case "Succeeded":
                await context.events.record(
                    daemonSet, reason: "SucceededDaemonPod",
                    message: "Found succeeded daemon pod \(pod.namespace ?? "")/\(pod.name) on node \(node.name), will try to delete it")
                deleting.append(pod)
            default:
                running.append(pod)
            }
        }
        let sorted = DaemonSetController.oldestFirst(running)
        guard allowsSurge else {
            return (false, deleting + sorted.dropFirst())
        }
        if sorted.count <= 1 { return (sorted.isEmpty && shouldRun, deleting) }
        // Surging: at most the oldest new pod and the oldest old pod stay, the old one until the new is available.
        var oldestNew: KubeObject?
        var oldestOld: KubeObject?
        for pod in sorted {
            if pod.labels[DaemonSetHistory.hashLabel] == hash {
                if oldestNew == nil { oldestNew = pod; continue }
            } else if oldestOld == nil {
                oldestOld = pod
                continue
            }
            deleting.append(pod)
        }
        if let oldestNew, let oldestOld {
            let minReadySeconds = daemonSet.specInt("minReadySeconds")
            if !PodState.isReady(oldestOld) || PodState.isAvailable(oldestNew, minReadySeconds: minReadySeconds, now: now) {
                deleting.append(oldestOld)
            }
        }
        return (false, deleting)
    }

    /// `util.AllowsSurge`: a RollingUpdate whose maxSurge resolves above zero.
    var allowsSurge: Bool { DaemonSetRollingUpdate.maxSurge(daemonSet, desired: 1) > 0 }

    /// Deletes the pods and creates one pod per node, at most `burstReplicas` of each, creations in slow-start
    /// batches (1, 2, 4, …) that stop at a batch with a failure; throws the first failure.
    func syncNodes(deleting: [KubeObject], creatingOn nodes: [String]) async throws {
        var failure: (any Error)?
        let creating = Array(nodes.prefix(controller.burstReplicas))
        var position = 0
        var batch = min(creating.count, 1)
        while batch > 0 {
            do {
                try await context.forEach(Array(creating[position..<position + batch])) { node in try await createPod(on: node) }
            } catch {
                failure = error
                break
            }
            position += batch
            batch = min(2 * batch, creating.count - position)
        }
        do {
            try await context.forEach(Array(deleting.prefix(controller.burstReplicas))) { pod in try await delete(pod) }
        } catch {
            failure = failure ?? error
        }
        if let failure { throw failure }
    }

    /// `util.CreatePodTemplate` plus the node pinning: the template with the daemon tolerations, the
    /// `pod-template-generation` and `controller-revision-hash` labels, and node affinity to `node`.
    private func createPod(on node: String) async throws {
        let template = daemonSet.spec?["template"] ?? .emptyObject
        var labels = template[["metadata", "labels"]]?.objectValue ?? [:]
        if let generation = daemonSet.annotations[DaemonSetController.generationAnnotation].flatMap(Int64.init) {
            labels[DaemonSetController.generationLabel] = .string(String(generation))
        }
        if !hash.isEmpty { labels[DaemonSetHistory.hashLabel] = .string(hash) }
        var metadata: JSONValue = [
            "generateName": .string("\(daemonSet.name)-"), "labels": .object(labels),
            "ownerReferences": [
                ControllerRef.make(to: daemonSet, apiVersion: DaemonSetHistory.ownKind.apiVersion, kind: DaemonSetHistory.ownKind.kind)
            ],
        ]
        for field in ["annotations", "finalizers"] {
            if let value = template[["metadata", field]], !value.isNull { metadata[field] = value }
        }
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": DaemonPlacement.pinning(placement.spec, to: node),
        ]
        do {
            try await PodControl(owner: daemonSet, context: context).create(pod)
        } catch where PodControl.namespaceTerminating(error) {
            return
        }
    }

    /// Deletes a pod; one already gone is no failure and no event.
    private func delete(_ pod: KubeObject) async throws {
        try await PodControl(owner: daemonSet, context: context).delete(pod)
    }
}
