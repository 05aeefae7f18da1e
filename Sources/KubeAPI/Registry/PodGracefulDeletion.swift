import Foundation

/// kube-apiserver's graceful deletion of pods (`rest.BeforeDelete` in k8s.io/apiserver `pkg/registry/rest/delete.go`
/// with the pod strategy's `CheckGracefulDelete`, `pkg/registry/core/pod/strategy.go`): a DELETE of a pod that
/// runs on a node only marks it, so its kubelet can stop the containers; the kubelet then deletes it for good
/// with a grace period of 0.
enum PodGracefulDeletion {
    /// What a DELETE does to a pod.
    enum Decision: Equatable {
        /// Remove it now (or, with finalizers, mark it with a grace period of 0).
        case deleteNow
        /// Mark it: `deletionTimestamp` = `deadline`, `deletionGracePeriodSeconds` = `seconds`.
        case mark(seconds: Int64, deadline: Date)
        /// A graceful deletion is already under way and the request does not shorten it: leave it as it is.
        case pending
    }

    /// The grace period: the request's, else the pod's `terminationGracePeriodSeconds`, else 30; 0 for a pod no
    /// node runs (unscheduled) and for a pod that has finished (Succeeded or Failed).
    static func gracePeriod(of pod: KubeObject, requested: Int64?) -> Int64 {
        var seconds = requested ?? pod.spec?["terminationGracePeriodSeconds"]?.intValue ?? 30
        if (pod.spec?["nodeName"]?.stringValue ?? "").isEmpty { seconds = 0 }
        if ["Succeeded", "Failed"].contains(pod.json[["status", "phase"]]?.stringValue ?? "") { seconds = 0 }
        return seconds
    }

    /// - Parameter requested: `DeleteOptions.gracePeriodSeconds`; a negative one counts as 1 s, as the
    ///   delete path treats it.
    static func decide(_ pod: KubeObject, requested: Int64?, now: Date) -> Decision {
        let requested = requested.map { $0 < 0 ? 1 : $0 }
        guard let marked = pod.deletionTimestamp.flatMap(RFC3339Timestamp.date(from:)) else {
            let seconds = gracePeriod(of: pod, requested: requested)
            return seconds > 0 ? .mark(seconds: seconds, deadline: now.addingTimeInterval(Double(seconds))) : .deleteNow
        }
        // Already being deleted: only a shorter grace period changes anything, and 0 (or a pod marked with
        // none) deletes it now.
        guard let current = pod.metadata["deletionGracePeriodSeconds"]?.intValue, current > 0 else { return .deleteNow }
        guard let requested, requested < current else { return .pending }
        if requested == 0 { return .deleteNow }
        return .mark(seconds: requested, deadline: marked.addingTimeInterval(Double(requested - current)))
    }
}
