import Foundation
import KubeAPI

/// The reasons of a Deployment's conditions (`deployment/util/deployment_util.go`) and the tests on its
/// progress (`DeploymentComplete`, `DeploymentProgressing`, `DeploymentTimedOut`).
enum DeploymentConditions {
    static let minimumReplicasAvailable = "MinimumReplicasAvailable"
    static let minimumReplicasUnavailable = "MinimumReplicasUnavailable"
    static let newReplicaSetCreated = "NewReplicaSetCreated"
    static let foundNewReplicaSet = "FoundNewReplicaSet"
    static let replicaSetUpdated = "ReplicaSetUpdated"
    static let newReplicaSetAvailable = "NewReplicaSetAvailable"
    static let progressDeadlineExceeded = "ProgressDeadlineExceeded"
    static let replicaSetCreateError = "ReplicaSetCreateError"
    static let paused = "DeploymentPaused"
    static let resumed = "DeploymentResumed"

    /// Go's `%q` of a Kubernetes name.
    static func quoted(_ name: String) -> String { "\"\(name)\"" }

    /// Every replica updated, present and available, and the generation observed.
    static func isComplete(_ spec: DeploymentSpec, _ status: JSONValue) -> Bool {
        let replicas = spec.replicas
        return int(status, "updatedReplicas") == replicas && int(status, "replicas") == replicas
            && int(status, "availableReplicas") == replicas
            && int(status, "observedGeneration") >= (spec.object.generation ?? 0)
    }

    /// More updated, ready or available replicas, or fewer old ones, than the stored status says.
    static func isProgressing(old: JSONValue, new: JSONValue) -> Bool {
        let oldOld = int(old, "replicas") - int(old, "updatedReplicas")
        let newOld = int(new, "replicas") - int(new, "updatedReplicas")
        return int(new, "updatedReplicas") > int(old, "updatedReplicas") || newOld < oldOld
            || int(new, "readyReplicas") > int(old, "readyReplicas")
            || int(new, "availableReplicas") > int(old, "availableReplicas")
    }

    /// Whether the Progressing condition was last updated more than progressDeadlineSeconds ago.
    static func hasTimedOut(_ spec: DeploymentSpec, _ status: JSONValue, now: Date) -> Bool {
        guard let deadline = spec.progressDeadline, let condition = Conditions(status)["Progressing"] else { return false }
        switch condition["reason"]?.stringValue {
        case newReplicaSetAvailable: return false
        case progressDeadlineExceeded: return true
        default:
            guard let from = lastUpdate(condition) else { return false }
            return from.addingTimeInterval(TimeInterval(deadline)) < now
        }
    }

    static func lastUpdate(_ condition: JSONValue) -> Date? {
        condition["lastUpdateTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
    }

    static func int(_ status: JSONValue, _ field: String) -> Int64 { status[field]?.intValue ?? 0 }
}

extension DeploymentSync {
    var conditions: Conditions { Conditions(deployment.json["status"]) }

    /// Sets a condition of the in-memory status (`SetDeploymentCondition`).
    func setCondition(_ type: String, _ status: String, _ reason: String, _ message: String) {
        var list = conditions
        list.set(.condition(type: type, status: status, reason: reason, message: message, now: now, withUpdateTime: true))
        deployment.json[["status", "conditions"]] = list.json
    }

    /// Progressing=Unknown DeploymentPaused when paused, DeploymentResumed when no longer (unless the rollout
    /// has already timed out).
    func checkPausedConditions() async throws {
        guard spec.progressDeadline != nil else { return }
        let condition = conditions["Progressing"]
        let reason = condition?["reason"]?.stringValue
        if reason == DeploymentConditions.progressDeadlineExceeded { return }
        let pausedNoted = reason == DeploymentConditions.paused
        if spec.paused && !pausedNoted {
            setCondition("Progressing", "Unknown", DeploymentConditions.paused, "Deployment is paused")
        } else if !spec.paused && pausedNoted {
            setCondition("Progressing", "Unknown", DeploymentConditions.resumed, "Deployment is resumed")
        } else {
            return
        }
        try await writeStatus()
    }
}
