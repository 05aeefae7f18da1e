import Foundation
import KubeAPI

/// The two rollout strategies (`rolling.go`, `recreate.go`) and the sync of a resize or a paused Deployment
/// (`sync.go`). Each sync takes only the first step that changes something, then reports the status.
extension DeploymentSync {
    /// RollingUpdate: grow the new ReplicaSet within maxSurge, else shrink the old ones within
    /// maxUnavailable, else (once complete) clean up old ReplicaSets.
    func rolloutRolling() async throws {
        let (created, oldRSs) = try await replicaSetsSyncingRevision(create: true)
        guard let newRS = created.map(current) else { return }
        let all = oldRSs + [newRS]
        if try await reconcileNewReplicaSet(newRS, all: all) {
            return try await syncRolloutStatus(all: all.map(current), newRS: current(newRS))
        }
        if try await reconcileOldReplicaSets(oldRSs.filter { $0.specReplicas > 0 }, all: all, newRS: newRS) {
            return try await syncRolloutStatus(all: all.map(current), newRS: current(newRS))
        }
        if DeploymentConditions.isComplete(spec, deployment.json["status"] ?? .emptyObject) {
            try await cleanup(oldRSs)
        }
        try await syncRolloutStatus(all: all.map(current), newRS: current(newRS))
    }

    private func reconcileNewReplicaSet(_ newRS: KubeObject, all: [KubeObject]) async throws -> Bool {
        let replicas = newRS.specReplicas
        if replicas == spec.replicas { return false }
        if replicas > spec.replicas { return try await scaleIfNeeded(newRS, to: spec.replicas) }
        let total = all.reduce(0) { $0 + $1.specReplicas }
        let target = RolloutArithmetic.newReplicaSetReplicas(spec, totalReplicas: total, newReplicas: replicas)
        return try await scaleIfNeeded(newRS, to: target)
    }

    private func reconcileOldReplicaSets(_ oldRSs: [KubeObject], all: [KubeObject], newRS: KubeObject) async throws -> Bool {
        guard oldRSs.reduce(0, { $0 + $1.specReplicas }) > 0,
            let limit = RolloutArithmetic.maxScaledDown(spec, allReplicas: all.reduce(0) { $0 + $1.specReplicas }, newReplicaSet: newRS)
        else { return false }
        var scaled = false
        for (replicaSet, replicas) in RolloutArithmetic.unhealthyCleanup(oldRSs, limit: limit) {
            try await scaleIfNeeded(replicaSet, to: replicas)
            scaled = true
        }
        let available = all.reduce(0) { $0 + $1.availableReplicas }
        for (replicaSet, replicas) in RolloutArithmetic.oldScaleDown(spec, oldReplicaSets: oldRSs.map(current), available: available) {
            try await scaleIfNeeded(current(replicaSet), to: replicas)
            scaled = true
        }
        return scaled
    }

    /// Recreate: scale every old ReplicaSet to 0, wait until their pods are gone, then create or grow the new one.
    func rolloutRecreate() async throws {
        var (newRS, oldRSs) = try await replicaSetsSyncingRevision(create: false)
        var all = oldRSs + [newRS].compactMap { $0 }
        var scaledDown = false
        for replicaSet in oldRSs where replicaSet.specReplicas > 0 {
            if try await scaleIfNeeded(replicaSet, to: 0) { scaledDown = true }
        }
        if scaledDown || oldPodsRunning(newRS: newRS, oldRSs: oldRSs) {
            return try await syncRolloutStatus(all: all.map(current), newRS: newRS.map(current))
        }
        if newRS == nil {
            (newRS, oldRSs) = try await replicaSetsSyncingRevision(create: true)
            all = oldRSs + [newRS].compactMap { $0 }
        }
        if let newRS { try await scaleIfNeeded(current(newRS), to: spec.replicas) }
        if DeploymentConditions.isComplete(spec, deployment.json["status"] ?? .emptyObject) {
            try await cleanup(oldRSs)
        }
        try await syncRolloutStatus(all: all.map(current), newRS: newRS.map(current))
    }

    /// Whether an old ReplicaSet still reports pods, or any pod of one is not terminal.
    private func oldPodsRunning(newRS: KubeObject?, oldRSs: [KubeObject]) -> Bool {
        if oldRSs.reduce(0, { $0 + $1.statusInt("replicas") }) > 0 { return true }
        guard let selector = DeploymentController.selector(of: deployment) else { return false }
        let oldPods = oldRSs.compactMap(\.uid).flatMap { context.cache.controlled(BuiltinResources.pods, by: $0) }
        return oldPods.contains { pod in
            guard pod.namespace == namespace, selector.matches(pod.labels) else { return false }
            let phase = pod.json[["status", "phase"]]?.stringValue
            return phase != "Failed" && phase != "Succeeded"
        }
    }

    /// A resize or a paused Deployment: no new ReplicaSet, the replicas spread over the existing ones, old
    /// ReplicaSets cleaned up while paused, and the status without progress.
    func syncScaling() async throws {
        let (newRS, oldRSs) = try await replicaSetsSyncingRevision(create: false)
        try await scaleProportionally(newRS: newRS, oldRSs: oldRSs)
        if spec.paused { try await cleanup(oldRSs.map(current)) }
        try await syncStatusOnly(all: (oldRSs + [newRS].compactMap { $0 }).map(current), newRS: newRS.map(current))
    }

    /// A ReplicaSet with pods was last scaled for another size than the Deployment's (`isScalingEvent`).
    func isScalingEvent() async throws -> Bool {
        let (newRS, oldRSs) = try await replicaSetsSyncingRevision(create: false)
        return (oldRSs + [newRS].compactMap { $0 }).map(current).contains { replicaSet in
            guard replicaSet.specReplicas > 0,
                let desired = Int64(replicaSet.annotations[DeploymentAnnotations.desiredReplicas] ?? "")
            else { return false }
            return desired != spec.replicas
        }
    }

    /// `scale`: one active ReplicaSet (or none: the newest) takes all replicas; a saturated new ReplicaSet
    /// leaves the old ones none; otherwise a rolling Deployment spreads the change proportionally.
    private func scaleProportionally(newRS: KubeObject?, oldRSs: [KubeObject]) async throws {
        let newRS = newRS.map(current)
        let oldRSs = oldRSs.map(current)
        let active = (oldRSs + [newRS].compactMap { $0 }).filter { $0.specReplicas > 0 }
        if active.count <= 1 {
            guard let target = active.first ?? newRS ?? oldRSs.sorted(by: ReplicaSetOrder.olderFirst).last else { return }
            try await scaleIfNeeded(target, to: spec.replicas)
            return
        }
        if let newRS, isSaturated(newRS) {
            for replicaSet in oldRSs where replicaSet.specReplicas > 0 { try await scaleIfNeeded(replicaSet, to: 0) }
            return
        }
        guard spec.isRollingUpdate else { return }
        let plan = ProportionalScaling.plan(spec, active: active, statusReplicas: deployment.statusInt("replicas"))
        for (replicaSet, replicas) in plan { try await scale(current(replicaSet), to: replicas) }
    }

    /// The new ReplicaSet has all replicas, was scaled for this size, and all are available (`IsSaturated`).
    private func isSaturated(_ replicaSet: KubeObject) -> Bool {
        guard let desired = Int64(replicaSet.annotations[DeploymentAnnotations.desiredReplicas] ?? "") else { return false }
        return replicaSet.specReplicas == spec.replicas && desired == spec.replicas
            && replicaSet.availableReplicas == spec.replicas
    }

    /// `cleanupDeployment`: deletes the oldest revisions beyond revisionHistoryLimit, only ReplicaSets with no
    /// replicas (spec and status) whose generation is observed.
    func cleanup(_ oldRSs: [KubeObject]) async throws {
        guard let limit = spec.revisionHistoryLimit else { return }
        let cleanable = oldRSs.filter { $0.deletionTimestamp == nil }
        let excess = cleanable.count - Int(limit)
        guard excess > 0 else { return }
        for replicaSet in cleanable.sorted(by: ReplicaSetOrder.byRevision).prefix(excess) {
            guard replicaSet.statusInt("replicas") == 0, replicaSet.specReplicas == 0,
                (replicaSet.generation ?? 0) <= replicaSet.statusInt("observedGeneration")
            else { continue }
            do {
                _ = try await context.api.delete(
                    BuiltinResources.replicaSets, namespace: replicaSet.namespace, name: replicaSet.name,
                    options: DeleteOptions())
            } catch let error as StatusError where error.code == 404 {}
        }
    }
}
