import Foundation
import KubeAPI

/// kube-controller-manager's StatefulSet controller (`pkg/controller/statefulset`): pods with stable names
/// `<set>-0 … <set>-(n-1)`, hostnames under the governing service and PersistentVolumeClaims from the claim
/// templates, created in order (OrderedReady) or all at once (Parallel), deleted highest ordinal first;
/// templates recorded as ControllerRevisions, rolled out from the highest ordinal down to the partition
/// (RollingUpdate) or as the user deletes pods (OnDelete); events from `statefulset-controller`.
public struct StatefulSetController: Controller {
    public init() {}

    public var name: String { "statefulset-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-statefulset-syncs`.
    public var workers: Int { 5 }
    public var watchedTypes: [ResourceType] {
        [
            BuiltinResources.statefulSets, BuiltinResources.pods, BuiltinResources.controllerRevisions,
            BuiltinResources.persistentVolumeClaims,
        ]
    }

    /// A set's own changes and its pods' (the pod's controller, or for an orphan the sets that select it);
    /// revisions and claims are read from the cache but trigger nothing, as upstream's listers.
    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        switch change.type {
        case BuiltinResources.statefulSets:
            return [ObjectKey(change.object)]
        case BuiltinResources.pods:
            return ControllerRefKeys.owners(
                of: change, ownType: BuiltinResources.statefulSets, kind: "StatefulSet", selector: Self.selector, in: cache)
        default:
            return []
        }
    }

    static func selector(of set: KubeObject) -> LabelSelector? {
        set.spec?["selector"].flatMap { try? LabelSelector(object: $0) }
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let set = context.cache.get(BuiltinResources.statefulSets, key), let selector = Self.selector(of: set) else { return }
        let identity = StatefulSetIdentity(set: set)
        let claims = ControllerRefClaims(
            owner: set, ownerType: BuiltinResources.statefulSets, ownerKind: StatefulSetIdentity.ownKind,
            matches: { selector.matches($0.labels) && identity.isMember($0) })
        let candidates = ReplicaSetController.claimable(BuiltinResources.pods, by: set, in: context.cache)
        let pods = try await claims.claim(candidates, type: BuiltinResources.pods, context: context)

        let history = StatefulSetHistory(set: set, context: context)
        let revisions = try await history.revisions(selector: selector)
        var status: StatefulSetStatus
        var syncError: (any Error)?
        do {
            status = try await StatefulSetUpdate(set: set, revisions: revisions, context: context).run(pods: pods)
        } catch let failure as SyncFailure {
            status = failure.status
            syncError = failure.error
        }
        status.completeRollingUpdate(set)
        if !status.isStored(in: set) {
            do {
                _ = try await context.api.updateStatus(
                    BuiltinResources.statefulSets, namespace: set.namespace, name: set.name, status: status.json,
                    options: context.writeOptions)
            } catch {
                syncError = syncError ?? error
            }
        }
        do {
            try await history.truncate(revisions, pods: pods)
        } catch {
            syncError = syncError ?? error
        }
        if let syncError { throw syncError }
        let minReadySeconds = set.specInt("minReadySeconds")
        if minReadySeconds > 0 && status.availableReplicas != set.specInt("replicas", default: 1) {
            context.requeue(key, after: .seconds(minReadySeconds))
        }
    }
}
