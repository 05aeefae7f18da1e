import KubeAPI

/// One attempt to place a pod (`schedule_one.go` `schedulePod`): PreFilter, Filter on every node, then Score
/// the feasible ones and take the highest total, ties broken by `tieBreak` (kube-scheduler draws at random).
struct SchedulingCycle {
    static let noNodesAvailable = "no nodes available to schedule pods"

    enum Outcome: Sendable {
        /// The chosen node, of `feasible` nodes that passed the filters among `evaluated` that were tried.
        case fits(node: String, evaluated: Int, feasible: Int)
        /// No node fits; the FitError and DefaultPreemption's verdict.
        case unschedulable(FitError, DefaultPreemption.Outcome)
        /// The cluster has no nodes at all (`ErrNoNodesAvailable`).
        case noNodes
    }

    let pod: PodInfo
    let snapshot: ClusterSnapshot
    /// VolumeBinding's PreFilter verdict on the pod's claims (nil: they are bound or there are none).
    var volumeRejection: FilterStatus? = nil

    func run(tieBreak: () -> UInt64) -> Outcome {
        guard !snapshot.nodes.isEmpty else { return .noNodes }
        var fitError = FitError(numAllNodes: snapshot.nodes.count, nodeStatuses: [:])
        let affinity = NodeAffinity(pod: pod)
        let (allowed, rejection) = affinity.preFilter()
        if let rejection {
            fitError.absentStatus = rejection
            fitError.preFilterMessage = rejection.reasons.joined(separator: ", ")
            return unschedulable(fitError)
        }
        if let volumeRejection {
            fitError.absentStatus = volumeRejection
            fitError.preFilterMessage = volumeRejection.reasons.joined(separator: ", ")
            return unschedulable(fitError)
        }
        if allowed != nil {
            fitError.absentStatus = .unresolvable("node(s) didn't satisfy plugin(s) [NodeAffinity]")
        }
        let filters = DefaultProfile.filters(for: pod, in: snapshot)
        var feasible: [NodeInfo] = []
        for node in snapshot.nodes where allowed?.contains(node.name) ?? true {
            if let status = filters.lazy.compactMap({ $0.filter(node) }).first {
                fitError.nodeStatuses[node.name] = status
            } else {
                feasible.append(node)
            }
        }
        guard !feasible.isEmpty else { return unschedulable(fitError) }
        return .fits(
            node: select(from: feasible, tieBreak: tieBreak), evaluated: feasible.count + fitError.nodeStatuses.count,
            feasible: feasible.count)
    }

    /// Runs the PostFilter and adds its message to the FitError's.
    private func unschedulable(_ fitError: FitError) -> Outcome {
        var fitError = fitError
        let preemption = DefaultPreemption(pod: pod, snapshot: snapshot).evaluate(after: fitError)
        if case .failed(let message) = preemption { fitError.postFilterMessage = message }
        return .unschedulable(fitError, preemption)
    }

    /// `prioritizeNodes` and `selectHost`: the weighted sum of the normalized scores, the best node, one of
    /// the best drawn by `tieBreak` when several tie.
    private func select(from nodes: [NodeInfo], tieBreak: () -> UInt64) -> String {
        guard nodes.count > 1 else { return nodes[0].name }
        var totals = [Int64](repeating: 0, count: nodes.count)
        for plugin in DefaultProfile.scores(for: pod, in: snapshot) {
            let scores = plugin.normalize(nodes.map(plugin.score))
            for index in nodes.indices { totals[index] += scores[index] * plugin.weight }
        }
        let best = totals.max() ?? 0
        let tied = nodes.indices.filter { totals[$0] == best }
        let chosen = tied.count == 1 ? tied[0] : tied[Int(tieBreak() % UInt64(tied.count))]
        return nodes[chosen].name
    }
}
