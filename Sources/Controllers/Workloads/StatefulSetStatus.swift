import Foundation
import KubeAPI

/// A StatefulSet's status (`updateStatus`, `computeReplicaStatus`, `completeRollingUpdate`,
/// `inconsistentStatus`): created pods, Running-and-Ready ones, available ones, and the live pods at the
/// current and at the update revision.
struct StatefulSetStatus: Sendable, Equatable {
    var observedGeneration: Int64
    var replicas: Int64 = 0
    var readyReplicas: Int64 = 0
    var availableReplicas: Int64 = 0
    var currentReplicas: Int64 = 0
    var updatedReplicas: Int64 = 0
    var currentRevision: String
    var updateRevision: String
    var collisionCount: Int64

    init(set: KubeObject, revisions: StatefulSetHistory.Revisions) {
        observedGeneration = set.generation ?? 0
        currentRevision = revisions.current.name
        updateRevision = revisions.update.name
        collisionCount = revisions.collisionCount
    }

    /// Counts `pods` afresh.
    mutating func count(_ pods: [KubeObject], minReadySeconds: Int64, now: Date) {
        (replicas, readyReplicas, availableReplicas, currentReplicas, updatedReplicas) = (0, 0, 0, 0, 0)
        for pod in pods {
            replicas += 1
            if StatefulSetUpdate.isRunningAndReady(pod) {
                readyReplicas += 1
                if PodState.isAvailable(pod, minReadySeconds: minReadySeconds, now: now) { availableReplicas += 1 }
            }
            guard pod.deletionTimestamp == nil else { continue }
            let revision = StatefulSetIdentity.revision(of: pod)
            if revision == currentRevision { currentReplicas += 1 }
            if revision == updateRevision { updatedReplicas += 1 }
        }
    }

    /// `completeRollingUpdate`: once every replica is updated and ready, the update revision becomes current.
    mutating func completeRollingUpdate(_ set: KubeObject) {
        let wanted = set.specInt("replicas", default: 1)
        guard set.spec?[["updateStrategy", "type"]]?.stringValue == "RollingUpdate", updatedReplicas == wanted,
            readyReplicas == wanted, replicas == wanted
        else { return }
        currentReplicas = updatedReplicas
        currentRevision = updateRevision
    }

    /// `!inconsistentStatus`: the stored status says the same (the collision count is not compared).
    func isStored(in set: KubeObject) -> Bool {
        observedGeneration <= set.statusInt("observedGeneration") && replicas == set.statusInt("replicas")
            && currentReplicas == set.statusInt("currentReplicas") && readyReplicas == set.statusInt("readyReplicas")
            && updatedReplicas == set.statusInt("updatedReplicas")
            && currentRevision == (set.json[["status", "currentRevision"]]?.stringValue ?? "")
            && availableReplicas == set.statusInt("availableReplicas")
            && updateRevision == (set.json[["status", "updateRevision"]]?.stringValue ?? "")
    }

    /// The status as apps/v1 encodes it: `replicas` and `availableReplicas` always, `collisionCount` always
    /// (the controller sets it), the other counts and revisions when not zero or empty.
    var json: JSONValue {
        var status: JSONValue = [
            "replicas": .int(replicas), "availableReplicas": .int(availableReplicas), "collisionCount": .int(collisionCount),
        ]
        if observedGeneration != 0 { status["observedGeneration"] = .int(observedGeneration) }
        for (field, value) in [
            ("readyReplicas", readyReplicas), ("currentReplicas", currentReplicas), ("updatedReplicas", updatedReplicas),
        ] where value != 0 {
            status[field] = .int(value)
        }
        if !currentRevision.isEmpty { status["currentRevision"] = .string(currentRevision) }
        if !updateRevision.isEmpty { status["updateRevision"] = .string(updateRevision) }
        return status
    }
}
