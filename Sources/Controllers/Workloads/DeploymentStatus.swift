import Foundation
import KubeAPI

/// A Deployment's status from its ReplicaSets (`sync.go` calculateStatus, `progress.go` syncRolloutStatus).
extension DeploymentSync {
    /// replicas, updatedReplicas (the new ReplicaSet's), readyReplicas and availableReplicas summed over the
    /// ReplicaSets' statuses; unavailableReplicas from their specs; the Available condition; zeros left out.
    func calculateStatus(all: [KubeObject], newRS: KubeObject?) -> JSONValue {
        let sum = { (field: String, sets: [KubeObject]) in sets.reduce(Int64(0)) { $0 + $1.statusInt(field) } }
        let available = sum("availableReplicas", all)
        let unavailable = max(0, all.reduce(0) { $0 + $1.specReplicas } - available)
        var status: JSONValue = .emptyObject
        status["observedGeneration"] = ReplicaSetStatus.omitZero(deployment.generation ?? 0)
        status["replicas"] = ReplicaSetStatus.omitZero(sum("replicas", all))
        status["updatedReplicas"] = ReplicaSetStatus.omitZero(sum("replicas", [newRS].compactMap { $0 }))
        status["readyReplicas"] = ReplicaSetStatus.omitZero(sum("readyReplicas", all))
        status["availableReplicas"] = ReplicaSetStatus.omitZero(available)
        status["unavailableReplicas"] = ReplicaSetStatus.omitZero(unavailable)
        status["collisionCount"] = deployment.json[["status", "collisionCount"]]
        var list = conditions
        let condition: JSONValue =
            available >= spec.replicas - spec.maxUnavailable
            ? .condition(
                type: "Available", status: "True", reason: DeploymentConditions.minimumReplicasAvailable,
                message: "Deployment has minimum availability.", now: now, withUpdateTime: true)
            : .condition(
                type: "Available", status: "False", reason: DeploymentConditions.minimumReplicasUnavailable,
                message: "Deployment does not have minimum availability.", now: now, withUpdateTime: true)
        list.set(condition)
        status["conditions"] = list.json
        return status
    }

    /// The status of a scaling or paused sync: counts and Available only (`syncDeploymentStatus`).
    func syncStatusOnly(all: [KubeObject], newRS: KubeObject?) async throws {
        let status = calculateStatus(all: all, newRS: newRS)
        guard status != (deployment.json["status"] ?? .emptyObject) else { return }
        deployment.json["status"] = status
        try await writeStatus()
    }

    /// The status of a rollout: counts, Available, and Progressing (NewReplicaSetAvailable once complete,
    /// ReplicaSetUpdated while it moves, ProgressDeadlineExceeded when it stood still past the deadline), and
    /// the ReplicaSets' ReplicaFailure. When nothing changed and the rollout is neither complete nor timed
    /// out, looks again when the deadline would pass.
    func syncRolloutStatus(all: [KubeObject], newRS: KubeObject?) async throws {
        let old = deployment.json["status"] ?? .emptyObject
        var status = calculateStatus(all: all, newRS: newRS)
        var list = Conditions(status)
        let current = conditions["Progressing"]
        if spec.progressDeadline == nil { list.remove("Progressing") }
        let complete =
            DeploymentConditions.int(status, "replicas") == DeploymentConditions.int(status, "updatedReplicas")
            && current?["reason"]?.stringValue == DeploymentConditions.newReplicaSetAvailable
        if spec.progressDeadline != nil && !complete {
            let subject = newRS.map { "ReplicaSet \(DeploymentConditions.quoted($0.name))" }
                ?? "Deployment \(DeploymentConditions.quoted(deployment.name))"
            if DeploymentConditions.isComplete(spec, status) {
                list.set(progressing("True", DeploymentConditions.newReplicaSetAvailable, "\(subject) has successfully progressed."))
            } else if DeploymentConditions.isProgressing(old: old, new: status) {
                var condition = progressing("True", DeploymentConditions.replicaSetUpdated, "\(subject) is progressing.")
                if let current {
                    if current["status"]?.stringValue == "True" { condition["lastTransitionTime"] = current["lastTransitionTime"] }
                    list.remove("Progressing")
                }
                list.set(condition)
            } else if DeploymentConditions.hasTimedOut(spec, status, now: now) {
                list.set(progressing("False", DeploymentConditions.progressDeadlineExceeded, "\(subject) has timed out progressing."))
            }
        }
        if let failure = all.compactMap({ Conditions($0.json["status"])["ReplicaFailure"] }).first(where: {
            $0["status"]?.stringValue == "True"
        }) {
            list.set(
                .condition(
                    type: "ReplicaFailure", status: "True", reason: failure["reason"]?.stringValue ?? "",
                    message: failure["message"]?.stringValue ?? "", now: now, withUpdateTime: true))
        } else {
            list.remove("ReplicaFailure")
        }
        status["conditions"] = list.json
        guard status != old else { return requeueStuck(status) }
        deployment.json["status"] = status
        try await writeStatus()
    }

    private func progressing(_ status: String, _ reason: String, _ message: String) -> JSONValue {
        .condition(type: "Progressing", status: status, reason: reason, message: message, now: now, withUpdateTime: true)
    }

    /// `requeueStuckDeployment`: a rollout that neither completed nor timed out is looked at again when its
    /// deadline passes. The timer does not keep a simulation running: a rollout that stands still times out
    /// when the clock gets there for other reasons (or in real time), not by a jump of the simulated clock.
    private func requeueStuck(_ status: JSONValue) {
        guard let deadline = spec.progressDeadline, let current = conditions["Progressing"],
            !DeploymentConditions.isComplete(spec, status),
            current["reason"]?.stringValue != DeploymentConditions.progressDeadlineExceeded,
            let from = DeploymentConditions.lastUpdate(current)
        else { return }
        let due = from.addingTimeInterval(TimeInterval(deadline))
        // Strictly after the deadline, when `hasTimedOut` holds.
        context.requeue(ObjectKey(deployment), at: max(due, now).addingTimeInterval(1), settles: false)
    }
}
