import KubeAPI

/// DefaultPreemption's PostFilter (`framework/preemption/preemption.go`, `plugins/defaultpreemption`): after
/// a pod fits nowhere, it looks for nodes where evicting lower-priority pods would make room. Nodes that
/// failed for a reason preemption cannot fix (`UnschedulableAndUnresolvable`) are not tried. On each other
/// node it removes every lower-priority pod and filters again; if the pod then fits, it puts back as many of
/// them as still leave room (most important first), and the rest are the victims.
struct DefaultPreemption {
    static let notHelpful = "Preemption is not helpful for scheduling"
    static let noVictims = "No preemption victims found for incoming pod"

    /// A node where preemption would make the pod fit, and the pods it would evict there.
    struct Candidate: Sendable {
        var node: String
        var victims: [PodInfo]
    }

    /// What the PostFilter found: the candidate it picked, or the message saying why there is none
    /// (`preemption: <FitError>`).
    enum Outcome: Sendable {
        case candidate(Candidate)
        case failed(message: String)
    }

    let pod: PodInfo
    let snapshot: ClusterSnapshot

    func evaluate(after fitError: FitError) -> Outcome {
        if pod.object.spec?["preemptionPolicy"]?.stringValue == "Never" {
            return .failed(message: "preemption: not eligible due to preemptionPolicy=Never.")
        }
        if let nominated = pod.object.json[["status", "nominatedNodeName"]]?.stringValue,
            fitError.status(of: nominated)?.code != .unresolvable,
            let node = snapshot.nodes.first(where: { $0.name == nominated }),
            node.pods.contains(where: { $0.priority < pod.priority && Self.terminatingByPreemption($0.object) })
        {
            return .failed(message: "preemption: not eligible due to a terminating pod on the nominated node.")
        }
        var statuses: [String: FilterStatus] = [:]
        var candidates: [Candidate] = []
        for node in snapshot.nodes where fitError.status(of: node.name)?.code == .unschedulable {
            switch victims(on: node) {
            case .success(let victims): candidates.append(Candidate(node: node.name, victims: victims))
            case .failure(let status): statuses[node.name] = status.status
            }
        }
        guard let best = pick(candidates) else {
            let fit = FitError(
                numAllNodes: snapshot.nodes.count, nodeStatuses: statuses, absentStatus: .unresolvable(Self.notHelpful))
            return .failed(message: "preemption: " + fit.message)
        }
        return .candidate(best)
    }

    /// A pod being deleted because a preemption chose it (`podTerminatingByPreemption`).
    private static func terminatingByPreemption(_ pod: KubeObject) -> Bool {
        pod.deletionTimestamp != nil
            && (pod.json[["status", "conditions"]]?.arrayValue ?? []).contains {
                $0["type"]?.stringValue == "DisruptionTarget" && $0["reason"]?.stringValue == "PreemptionByScheduler"
            }
    }

    private struct Rejection: Error {
        var status: FilterStatus
    }

    /// `SelectVictimsOnNode`: the fewest lower-priority pods whose eviction lets the pod fit, or why none do.
    private func victims(on node: NodeInfo) -> Result<[PodInfo], Rejection> {
        let lower = node.pods.filter { $0.priority < pod.priority }
        guard !lower.isEmpty else { return .failure(Rejection(status: .unresolvable(Self.noVictims))) }
        var trial = node.removing(Set(lower.map(\.key)))
        if let status = DefaultProfile.filter(pod, on: trial, in: snapshot.replacing(trial)) {
            return .failure(Rejection(status: status))
        }
        // Most important first: higher priority, then the earlier created.
        let ordered = lower.sorted {
            ($0.priority, $1.object.creationTimestamp ?? "") > ($1.priority, $0.object.creationTimestamp ?? "")
        }
        var victims: [PodInfo] = []
        for candidate in ordered {
            var kept = trial
            kept.add(candidate)
            if DefaultProfile.filter(pod, on: kept, in: snapshot.replacing(kept)) == nil {
                trial = kept
            } else {
                victims.append(candidate)
            }
        }
        return .success(victims)
    }

    /// `pickOneNodeForPreemption` without PodDisruptionBudgets: the lowest highest-victim priority, then the
    /// lowest sum of victim priorities, then the fewest victims, then the first node.
    private func pick(_ candidates: [Candidate]) -> Candidate? {
        func key(_ candidate: Candidate) -> (Int64, Int64, Int) {
            let priorities = candidate.victims.map(\.priority)
            return (priorities.max() ?? .min, priorities.reduce(0, +), priorities.count)
        }
        return candidates.min { key($0) < key($1) }
    }
}
