import Foundation
import KubeAPI

/// The delay before a Job replaces failed pods (`backoff_utils.go`): 10 s after the first failure since the last
/// success, doubling with each further one, at most 10 minutes (`DefaultJobPodFailureBackOff`,
/// `MaxJobPodFailureBackOff`), counted from the last failure.
///
/// kube-controller-manager keeps the failure count in memory, adding each sync's newly finished pods; a Job's
/// pods stay until the Job goes, so this derives the same count from them, and a restarted loop (each embedded
/// command starts one) waits as long as one that ran all along.
struct JobPodBackoff {
    static let initial: TimeInterval = 10
    static let maximum: TimeInterval = 600

    var failuresAfterLastSuccess = 0
    var lastFailure: Date?

    /// From the Job's pods: the failures that finished after the last success.
    init(pods: [KubeObject], isFailed: (KubeObject) -> Bool) {
        let succeeded = pods.filter { $0.json[["status", "phase"]]?.stringValue == "Succeeded" }.map(Self.finishTime)
        let lastSuccess = succeeded.max()
        let failures = pods.filter(isFailed).map(Self.finishTime).filter { time in lastSuccess.map { time > $0 } ?? true }
        failuresAfterLastSuccess = failures.count
        lastFailure = failures.max()
    }

    /// How long to wait at `now` before creating pods (0: at once).
    func remaining(at now: Date) -> TimeInterval {
        guard failuresAfterLastSuccess > 0, let lastFailure else { return 0 }
        var delay = Self.initial
        for _ in 1..<failuresAfterLastSuccess {
            delay *= 2
            if delay >= Self.maximum {
                delay = Self.maximum
                break
            }
        }
        return max(0, delay - now.timeIntervalSince(lastFailure))
    }

    /// When a pod finished (`getFinishedTime`): its containers' last `finishedAt` when all have terminated, else
    /// when it became not Ready, else its deletion time less its grace period, else its creation.
    static func finishTime(_ pod: KubeObject) -> Date {
        let statuses = pod.json[["status", "containerStatuses"]]?.arrayValue ?? []
        let finished = statuses.map { $0[["state", "terminated", "finishedAt"]]?.stringValue.flatMap(RFC3339Timestamp.date(from:)) }
        if !finished.isEmpty, finished.allSatisfy({ $0 != nil }), let last = finished.compactMap({ $0 }).max() { return last }
        let conditions = pod.json[["status", "conditions"]]?.arrayValue ?? []
        if let ready = conditions.first(where: { $0["type"]?.stringValue == "Ready" }), ready["status"]?.stringValue == "False",
            let time = ready["lastTransitionTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
        {
            return time
        }
        if let deletion = pod.deletionTimestamp.flatMap(RFC3339Timestamp.date(from:)) {
            let grace = pod.metadata["deletionGracePeriodSeconds"]?.intValue ?? 0
            return deletion.addingTimeInterval(-TimeInterval(grace))
        }
        return PodState.creationTime(pod) ?? .distantPast
    }
}
