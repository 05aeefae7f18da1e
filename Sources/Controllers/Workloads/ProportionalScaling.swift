import Foundation
import KubeAPI

/// How a Deployment resized in the middle of a rollout spreads the change over its active ReplicaSets
/// (`sync.go` scale, `GetReplicaSetProportion`): each gets its share of the difference in proportion to its
/// size against the `max-replicas` it was last scaled for, larger ReplicaSets first (newer first on ties when
/// growing, older first when shrinking), and the largest takes what rounding left over.
enum ProportionalScaling {
    /// The new size of every active ReplicaSet, in the order they are to be written.
    static func plan(_ spec: DeploymentSpec, active: [KubeObject], statusReplicas: Int64) -> [(KubeObject, Int64)] {
        let current = active.reduce(0) { $0 + $1.specReplicas }
        let allowed = spec.replicas > 0 ? spec.replicas + spec.maxSurge : 0
        let toAdd = allowed - current
        let ordered: [KubeObject] =
            toAdd > 0
            ? active.sorted(by: ReplicaSetOrder.largerNewerFirst)
            : toAdd < 0 ? active.sorted(by: ReplicaSetOrder.largerOlderFirst) : active
        var added: Int64 = 0
        var sizes: [Int64] = []
        for replicaSet in ordered {
            guard toAdd != 0 else {
                sizes.append(replicaSet.specReplicas)
                continue
            }
            let share = proportion(replicaSet, spec, toAdd: toAdd, added: added, statusReplicas: statusReplicas)
            sizes.append(replicaSet.specReplicas + share)
            added += share
        }
        if toAdd != 0, !sizes.isEmpty { sizes[0] = max(0, sizes[0] + toAdd - added) }
        return Array(zip(ordered, sizes))
    }

    /// `GetReplicaSetProportion`: the ReplicaSet's share, never beyond what is left to add or remove.
    private static func proportion(
        _ replicaSet: KubeObject, _ spec: DeploymentSpec, toAdd: Int64, added: Int64, statusReplicas: Int64
    ) -> Int64 {
        let replicas = replicaSet.specReplicas
        guard replicas != 0, toAdd != added else { return 0 }
        let fraction: Int64
        if spec.replicas == 0 {
            fraction = -replicas
        } else {
            let target = spec.replicas + spec.maxSurge
            let annotated = Int64(replicaSet.annotations[DeploymentAnnotations.maxReplicas] ?? "") ?? statusReplicas
            guard annotated > 0 else { return 0 }
            let size = Double(replicas * target) / Double(annotated)
            fraction = Int64(size.rounded(.toNearestOrAwayFromZero)) - replicas
        }
        let allowed = toAdd - added
        return toAdd > 0 ? min(fraction, allowed) : max(fraction, allowed)
    }
}
