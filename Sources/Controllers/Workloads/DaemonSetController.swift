import Foundation
import KubeAPI

/// kube-controller-manager's DaemonSet controller (`pkg/controller/daemon`): one pod per node the template
/// fits (node selector, required node affinity, taints against the template's tolerations plus the daemon
/// ones), each pinned to its node by a `metadata.name` node affinity for the scheduler to bind; pods of nodes
/// that no longer fit, failed pods and extra pods are deleted; templates are recorded as ControllerRevisions
/// whose hash labels the pods; RollingUpdate replaces old pods within maxUnavailable / maxSurge, OnDelete
/// waits for the user to delete them.
public struct DaemonSetController: Controller {
    /// The most pods created or deleted in one sync (`BurstReplicas`).
    public let burstReplicas: Int
    let backoff = DaemonPodBackoff()

    public init(burstReplicas: Int = 250) {
        self.burstReplicas = burstReplicas
    }

    public var name: String { "daemonset-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-daemonset-syncs`.
    public var workers: Int { 2 }
    public var watchedTypes: [ResourceType] {
        [BuiltinResources.daemonSets, BuiltinResources.controllerRevisions, BuiltinResources.pods, BuiltinResources.nodes]
    }

    /// The label a pod carries with its DaemonSet's template generation (`extensions.DaemonSetTemplateGenerationKey`).
    static let generationLabel = "pod-template-generation"
    /// The annotation kube-apiserver keeps the template generation in (`apps.DeprecatedTemplateGeneration`).
    static let generationAnnotation = "deprecated.daemonset.template.generation"

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.daemonSets:
            return [ObjectKey(change.object)]
        case BuiltinResources.nodes:
            return nodeKeys(change, in: cache)
        default:
            return ControllerRefKeys.owners(
                of: change, ownType: BuiltinResources.daemonSets, kind: "DaemonSet", selector: Self.selector, in: cache)
        }
    }

    /// A new node concerns the DaemonSets that should run on it; a changed one those whose decision changed
    /// (`addNode`, `updateNode`); a deleted one none (its pods go through the pod GC).
    private func nodeKeys(_ change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        let daemonSets = cache.list(BuiltinResources.daemonSets)
        switch change.event {
        case .added:
            return daemonSets.filter { DaemonPlacement(template: $0.spec?["template"] ?? .emptyObject).decision(for: change.object).shouldRun }
                .map(ObjectKey.init)
        case .modified:
            guard let old = change.old else { return daemonSets.map(ObjectKey.init) }
            return daemonSets.filter { daemonSet in
                let placement = DaemonPlacement(template: daemonSet.spec?["template"] ?? .emptyObject)
                return placement.decision(for: old) != placement.decision(for: change.object)
            }.map(ObjectKey.init)
        default:
            return []
        }
    }

    static func selector(of daemonSet: KubeObject) -> LabelSelector? {
        daemonSet.spec?["selector"].flatMap { try? LabelSelector(object: $0) }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let daemonSet = context.cache.get(BuiltinResources.daemonSets, key), daemonSet.deletionTimestamp == nil,
            let selector = Self.selector(of: daemonSet)
        else { return }
        let history = DaemonSetHistory(daemonSet: daemonSet, context: context)
        let (current, old) = try await history.construct(selector: selector)
        let hash = current.labels[DaemonSetHistory.hashLabel] ?? ""
        let nodes = context.cache.list(BuiltinResources.nodes)
        let placement = DaemonPlacement(template: daemonSet.spec?["template"] ?? .emptyObject)
        let sync = DaemonSetSync(controller: self, daemonSet: daemonSet, context: context, placement: placement, hash: hash)

        var syncError: (any Error)?
        do {
            let pods = try await sync.claimPods(selector: selector)
            let wrote = try await sync.manage(nodes: nodes, pods: pods)
            // kube-controller-manager rolls only once its expectations of the last creations and deletions are met.
            if !wrote, daemonSet.spec?[["updateStrategy", "type"]]?.stringValue == "RollingUpdate" {
                let rolling = DaemonSetRollingUpdate(sync: sync, now: context.clock.now())
                try await rolling.run(nodes: nodes, podsByNode: sync.podsByNode(pods))
            }
            try await history.cleanup(old, pods: pods)
        } catch {
            syncError = error
        }
        try await updateStatus(daemonSet, nodes: nodes, sync: sync, selector: selector, context: context)
        if let syncError { throw syncError }
    }

    private func updateStatus(
        _ daemonSet: KubeObject, nodes: [KubeObject], sync: DaemonSetSync, selector: LabelSelector, context: ControllerContext
    ) async throws {
        let pods = ReplicaSetController.claimable(BuiltinResources.pods, by: daemonSet, in: context.cache)
            .filter { ControllerRef.uid(of: $0) == daemonSet.uid }
        let status = DaemonSetStatus(
            daemonSet: daemonSet, nodes: nodes, podsByNode: sync.podsByNode(pods), placement: sync.placement, hash: sync.hash,
            now: context.clock.now())
        if !status.isStored(in: daemonSet) {
            _ = try await context.api.updateStatus(
                BuiltinResources.daemonSets, namespace: daemonSet.namespace, name: daemonSet.name,
                status: status.json(over: daemonSet), options: context.writeOptions)
        }
        let minReadySeconds = daemonSet.specInt("minReadySeconds")
        if minReadySeconds > 0 && status.numberReady != status.numberAvailable {
            context.requeue(ObjectKey(daemonSet), after: .seconds(minReadySeconds))
        }
    }

    /// `podByCreationTimestampAndPhase`: bound pods first, then the oldest, then by name.
    static func oldestFirst(_ pods: [KubeObject]) -> [KubeObject] {
        pods.sorted { a, b in
            let aBound = !(a.spec?["nodeName"]?.stringValue ?? "").isEmpty
            let bBound = !(b.spec?["nodeName"]?.stringValue ?? "").isEmpty
            if aBound != bBound { return aBound }
            let aTime = a.creationTimestamp ?? "", bTime = b.creationTimestamp ?? ""
            return aTime == bTime ? a.name < b.name : aTime < bTime
        }
    }

    /// `util.IsPodUpdated`: the pod carries the current revision's hash, or the template generation.
    static func isUpdated(_ pod: KubeObject, hash: String, daemonSet: KubeObject) -> Bool {
        if !hash.isEmpty && pod.labels[DaemonSetHistory.hashLabel] == hash { return true }
        guard let generation = daemonSet.annotations[generationAnnotation].flatMap(Int64.init) else { return false }
        return pod.labels[generationLabel] == String(generation)
    }
}
