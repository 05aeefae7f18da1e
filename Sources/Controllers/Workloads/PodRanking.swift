import Foundation
import KubeAPI

/// The order a ReplicaSet picks pods to delete in when it scales down (`controller.ActivePodsWithRanks`, with
/// PodDeletionCost and LogarithmicScaleDown on, as in 1.32): the first rule that tells two pods apart decides.
/// 1. Unassigned before assigned. 2. Pending, then Unknown, then Running. 3. Not ready before ready.
/// 4. Lower `controller.kubernetes.io/pod-deletion-cost` first. 5. More pods of the same owner family on the
/// pod's node first. 6. Of two ready pods, the one ready more recently first. 7. More container restarts
/// first. 8. Newer first. Rules 6 and 8 compare ⌊log2(age in ns)⌋, ties by ascending uid.
struct PodRanking {
    static let deletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost"

    let now: Date

    /// `pods` in deletion order; `related` are the pods of every ReplicaSet with the same controller, whose
    /// active ones on each node give a pod its rank.
    func ordered(_ pods: [KubeObject], related: [KubeObject]) -> [KubeObject] {
        var onNode: [String: Int] = [:]
        for pod in related where PodState.isActive(pod) { onNode[Self.node(pod), default: 0] += 1 }
        let ranked = pods.enumerated().map { (index: $0.offset, pod: $0.element, rank: onNode[Self.node($0.element)] ?? 0) }
        return ranked.sorted { a, b in
            if let less = deletesFirst(a.pod, a.rank, b.pod, b.rank) { return less }
            return a.index < b.index
        }.map(\.pod)
    }

    /// Whether `a` goes before `b`; nil when no rule tells them apart.
    private func deletesFirst(_ a: KubeObject, _ rankA: Int, _ b: KubeObject, _ rankB: Int) -> Bool? {
        let (nodeA, nodeB) = (Self.node(a), Self.node(b))
        if nodeA != nodeB && (nodeA.isEmpty || nodeB.isEmpty) { return nodeA.isEmpty }
        let (phaseA, phaseB) = (Self.phaseOrdinal(a), Self.phaseOrdinal(b))
        if phaseA != phaseB { return phaseA < phaseB }
        let (readyA, readyB) = (PodState.isReady(a), PodState.isReady(b))
        if readyA != readyB { return !readyA }
        let (costA, costB) = (Self.deletionCost(a), Self.deletionCost(b))
        if costA != costB { return costA < costB }
        if rankA != rankB { return rankA > rankB }
        if readyA && readyB {
            let (timeA, timeB) = (PodState.readySince(a), PodState.readySince(b))
            if timeA != timeB, let order = newerFirst(timeA, timeB, a, b) { return order }
        }
        let (restartsA, restartsB) = (Self.restarts(a), Self.restarts(b))
        if restartsA.regular != restartsB.regular { return restartsA.regular > restartsB.regular }
        if restartsA.sidecar != restartsB.sidecar { return restartsA.sidecar > restartsB.sidecar }
        let (createdA, createdB) = (PodState.creationTime(a), PodState.creationTime(b))
        if createdA != createdB, let order = newerFirst(createdA, createdB, a, b) { return order }
        return nil
    }

    /// Newer (or unset) first, by log2 buckets of the age in nanoseconds; ties by uid.
    private func newerFirst(_ timeA: Date?, _ timeB: Date?, _ a: KubeObject, _ b: KubeObject) -> Bool? {
        guard let timeA, let timeB else { return timeA == nil }
        let difference = Self.bucket(now.timeIntervalSince(timeA)) - Self.bucket(now.timeIntervalSince(timeB))
        if difference == 0 { return (a.uid ?? "") < (b.uid ?? "") }
        return difference < 0
    }

    private static func bucket(_ age: TimeInterval) -> Int {
        let nanos = age * 1e9
        return nanos > 0 ? Int(log2(nanos)) : -1
    }

    private static func node(_ pod: KubeObject) -> String { pod.spec?["nodeName"]?.stringValue ?? "" }

    private static func phaseOrdinal(_ pod: KubeObject) -> Int {
        switch pod.json[["status", "phase"]]?.stringValue {
        case "Unknown": 1
        case "Running": 2
        default: 0
        }
    }

    private static func deletionCost(_ pod: KubeObject) -> Int32 {
        Int32(pod.annotations[deletionCostAnnotation] ?? "") ?? 0
    }

    /// The most restarts of one regular container, and of one restartable init container (sidecar).
    private static func restarts(_ pod: KubeObject) -> (regular: Int64, sidecar: Int64) {
        let regular = (pod.json[["status", "containerStatuses"]]?.arrayValue ?? []).map { $0["restartCount"]?.intValue ?? 0 }
        let sidecars = Set(
            (pod.spec?["initContainers"]?.arrayValue ?? []).filter { $0["restartPolicy"]?.stringValue == "Always" }
                .compactMap { $0["name"]?.stringValue })
        let sidecar = (pod.json[["status", "initContainerStatuses"]]?.arrayValue ?? [])
            .filter { sidecars.contains($0["name"]?.stringValue ?? "") }.map { $0["restartCount"]?.intValue ?? 0 }
        return (regular.max() ?? 0, sidecar.max() ?? 0)
    }
}
