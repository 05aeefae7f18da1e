import Foundation
import KubeAPI

/// A DaemonSet's status (`updateDaemonSetStatus`, `storeDaemonSetStatus`): per node that should run the pod,
/// whether one is there (current), ready, available and of the current revision (updated); pods on nodes that
/// should not run one are misscheduled.
struct DaemonSetStatus: Equatable {
    var desiredNumberScheduled: Int64 = 0
    var currentNumberScheduled: Int64 = 0
    var numberMisscheduled: Int64 = 0
    var numberReady: Int64 = 0
    var updatedNumberScheduled: Int64 = 0
    var numberAvailable: Int64 = 0
    var numberUnavailable: Int64 { desiredNumberScheduled - numberAvailable }

    init(
        daemonSet: KubeObject, nodes: [KubeObject], podsByNode: [String: [KubeObject]], placement: DaemonPlacement,
        hash: String, now: Date
    ) {
        let minReadySeconds = daemonSet.specInt("minReadySeconds")
        for node in nodes {
            let scheduled = !(podsByNode[node.name] ?? []).isEmpty
            guard placement.decision(for: node).shouldRun else {
                if scheduled { numberMisscheduled += 1 }
                continue
            }
            desiredNumberScheduled += 1
            guard scheduled, let pod = DaemonSetController.oldestFirst(podsByNode[node.name] ?? []).first else { continue }
            currentNumberScheduled += 1
            if PodState.isReady(pod) {
                numberReady += 1
                if PodState.isAvailable(pod, minReadySeconds: minReadySeconds, now: now) { numberAvailable += 1 }
            }
            if DaemonSetController.isUpdated(pod, hash: hash, daemonSet: daemonSet) { updatedNumberScheduled += 1 }
        }
    }

    /// Whether the stored status already says this at the DaemonSet's generation.
    func isStored(in daemonSet: KubeObject) -> Bool {
        daemonSet.statusInt("desiredNumberScheduled") == desiredNumberScheduled
            && daemonSet.statusInt("currentNumberScheduled") == currentNumberScheduled
            && daemonSet.statusInt("numberMisscheduled") == numberMisscheduled
            && daemonSet.statusInt("numberReady") == numberReady
            && daemonSet.statusInt("updatedNumberScheduled") == updatedNumberScheduled
            && daemonSet.statusInt("numberAvailable") == numberAvailable
            && daemonSet.statusInt("numberUnavailable") == numberUnavailable
            && daemonSet.statusInt("observedGeneration") >= (daemonSet.generation ?? 0)
    }

    /// The status to write over `daemonSet`'s: the counts (zero optional ones omitted, as apps/v1 encodes
    /// them), observedGeneration, and the stored collisionCount and conditions.
    func json(over daemonSet: KubeObject) -> JSONValue {
        var status = daemonSet.json["status"] ?? .emptyObject
        status["observedGeneration"] = daemonSet.generation.map(JSONValue.int)
        for (field, value) in [
            ("desiredNumberScheduled", desiredNumberScheduled), ("currentNumberScheduled", currentNumberScheduled),
            ("numberMisscheduled", numberMisscheduled), ("numberReady", numberReady),
        ] {
            status[field] = .int(value)
        }
        for (field, value) in [
            ("updatedNumberScheduled", updatedNumberScheduled), ("numberAvailable", numberAvailable),
            ("numberUnavailable", numberUnavailable),
        ] {
            status[field] = value == 0 ? nil : .int(value)
        }
        return status
    }
}
