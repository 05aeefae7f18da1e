import Foundation
import KubeAPI

/// The numbers of a rollout (`deployment/util/deployment_util.go`, `rolling.go`): how far the new ReplicaSet may
/// grow and how far the old ones may shrink at each step.
enum RolloutArithmetic {
    /// An int-or-percent of `total` (`intstr.GetScaledValueFromIntOrPercent`): a percent rounds up for surge,
    /// down for unavailability.
    static func scaled(_ value: JSONValue?, of total: Int64, roundUp: Bool) -> Int64 {
        switch value {
        case .string(let text)?:
            guard text.hasSuffix("%"), let percent = Int64(text.dropLast()) else { return Int64(text) ?? 0 }
            let exact = Double(percent) * Double(total) / 100
            return Int64(roundUp ? exact.rounded(.up) : exact.rounded(.down))
        case let number?: return number.intValue ?? 0
        case nil: return 0
        }
    }

    /// `ResolveFenceposts`: surge rounded up, unavailable rounded down; both 0 makes unavailable 1.
    static func resolveFenceposts(maxSurge: JSONValue?, maxUnavailable: JSONValue?, desired: Int64) -> (surge: Int64, unavailable: Int64) {
        let surge = scaled(maxSurge, of: desired, roundUp: true)
        let unavailable = scaled(maxUnavailable, of: desired, roundUp: false)
        return (surge, surge == 0 && unavailable == 0 ? 1 : unavailable)
    }

    /// `NewRSNewReplicas`: RollingUpdate grows the new ReplicaSet up to replicas + maxSurge pods in all;
    /// Recreate goes straight to replicas.
    static func newReplicaSetReplicas(_ spec: DeploymentSpec, totalReplicas: Int64, newReplicas: Int64) -> Int64 {
        guard spec.isRollingUpdate else { return spec.replicas }
        let maxTotal = spec.replicas + spec.maxSurge
        guard totalReplicas < maxTotal else { return newReplicas }
        return newReplicas + min(maxTotal - totalReplicas, spec.replicas - newReplicas)
    }

    /// How many old pods a rolling step may remove, or nil when none: all pods, less the minimum that must stay
    /// available, less the new ReplicaSet's pods that are not available yet.
    static func maxScaledDown(_ spec: DeploymentSpec, allReplicas: Int64, newReplicaSet: KubeObject) -> Int64? {
        let minAvailable = spec.replicas - spec.maxUnavailable
        let newUnavailable = newReplicaSet.specReplicas - newReplicaSet.availableReplicas
        let allowed = allReplicas - minAvailable - newUnavailable
        return allowed > 0 ? allowed : nil
    }

    /// `cleanupUnhealthyReplicas`: the new sizes of old ReplicaSets (oldest first) after removing up to `limit`
    /// of their unavailable pods.
    static func unhealthyCleanup(_ oldReplicaSets: [KubeObject], limit: Int64) -> [(KubeObject, Int64)] {
        var removed: Int64 = 0
        var plan: [(KubeObject, Int64)] = []
        for replicaSet in oldReplicaSets.sorted(by: ReplicaSetOrder.olderFirst) {
            if removed >= limit { break }
            let replicas = replicaSet.specReplicas
            let unhealthy = replicas - replicaSet.availableReplicas
            if replicas == 0 || unhealthy <= 0 { continue }
            let count = min(limit - removed, unhealthy)
            plan.append((replicaSet, replicas - count))
            removed += count
        }
        return plan
    }

    /// `scaleDownOldReplicaSetsForRollingUpdate`: the new sizes of old ReplicaSets (oldest first) that take the
    /// available pods down to replicas − maxUnavailable. `available` counts every ReplicaSet's available pods.
    static func oldScaleDown(_ spec: DeploymentSpec, oldReplicaSets: [KubeObject], available: Int64) -> [(KubeObject, Int64)] {
        let minAvailable = spec.replicas - spec.maxUnavailable
        guard available > minAvailable else { return [] }
        let total = available - minAvailable
        var removed: Int64 = 0
        var plan: [(KubeObject, Int64)] = []
        for replicaSet in oldReplicaSets.sorted(by: ReplicaSetOrder.olderFirst) {
            if removed >= total { break }
            let replicas = replicaSet.specReplicas
            if replicas == 0 { continue }
            let count = min(replicas, total - removed)
            plan.append((replicaSet, replicas - count))
            removed += count
        }
        return plan
    }
}
