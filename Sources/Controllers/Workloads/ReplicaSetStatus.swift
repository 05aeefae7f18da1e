import Foundation
import KubeAPI

/// A ReplicaSet's (or ReplicationController's) status from its active pods (`replica_set_utils.go`
/// calculateStatus): replicas, fullyLabeledReplicas (pods with all the template's labels), readyReplicas,
/// availableReplicas (ready for longer than minReadySeconds), observedGeneration, and ReplicaFailure while
/// creating or deleting pods fails. Zero counts but `replicas` are left out, as Go's `omitempty` leaves them.
enum ReplicaSetStatus {
    static func calculate(_ replicaSet: KubeObject, pods: [KubeObject], manageError: (any Error)?, now: Date) -> JSONValue {
        let templateLabels = replicaSet.spec?[["template", "metadata", "labels"]]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        let minReady = replicaSet.specInt("minReadySeconds")
        var fullyLabeled: Int64 = 0
        var ready: Int64 = 0
        var available: Int64 = 0
        for pod in pods {
            let labels = pod.labels
            if templateLabels.allSatisfy({ labels[$0.key] == $0.value }) { fullyLabeled += 1 }
            if PodState.isReady(pod) {
                ready += 1
                if PodState.isAvailable(pod, minReadySeconds: minReady, now: now) { available += 1 }
            }
        }
        var status = replicaSet.json["status"] ?? .emptyObject
        var conditions = Conditions(status)
        if let manageError, conditions["ReplicaFailure"] == nil {
            let diff = Int64(pods.count) - replicaSet.specReplicas
            let reason = diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : ""
            conditions.set(
                .condition(
                    type: "ReplicaFailure", status: "True", reason: reason, message: "\(manageError)", now: now,
                    withUpdateTime: false))
        } else if manageError == nil {
            conditions.remove("ReplicaFailure")
        }
        status["conditions"] = conditions.json
        status["replicas"] = .int(Int64(pods.count))
        status["fullyLabeledReplicas"] = omitZero(fullyLabeled)
        status["readyReplicas"] = omitZero(ready)
        status["availableReplicas"] = omitZero(available)
        return status
    }

    /// Whether `status` says something the stored one does not, or the generation is not yet observed
    /// (`updateReplicaSetStatus`'s test); the status to write then carries observedGeneration.
    static func needsUpdate(_ replicaSet: KubeObject, _ status: JSONValue) -> Bool {
        let current = replicaSet.json["status"]
        for field in ["replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas"]
        where (current?[field]?.intValue ?? 0) != (status[field]?.intValue ?? 0) {
            return true
        }
        if (replicaSet.generation ?? 0) != (current?["observedGeneration"]?.intValue ?? 0) { return true }
        return Conditions(current) != Conditions(status)
    }

    /// When to look again for the earliest ready pod that is not yet available: a second after it has been
    /// ready for minReadySeconds (availability starts strictly after; the real pod handler also adds 1 s).
    static func nextAvailability(_ replicaSet: KubeObject, pods: [KubeObject], now: Date) -> Date? {
        let minReady = replicaSet.specInt("minReadySeconds")
        guard minReady > 0 else { return nil }
        return pods.compactMap { pod -> Date? in
            guard let since = PodState.readySince(pod), !PodState.isAvailable(pod, minReadySeconds: minReady, now: now) else {
                return nil
            }
            return since.addingTimeInterval(TimeInterval(minReady + 1))
        }.min()
    }

    static func omitZero(_ value: Int64) -> JSONValue? { value == 0 ? nil : .int(value) }
}
