import KubeAPI

/// InterPodAffinity (`plugins/interpodaffinity`). The filter requires, in order: a pod matching each required
/// affinity term in the node's topology domain (or, for the first pod of a self-affine series, no such pod
/// anywhere); no pod matching a required anti-affinity term there; and no existing pod there whose required
/// anti-affinity selects this pod. The score adds preferred term weights (and 1 per existing pod's required
/// affinity term selecting this pod) over topology domains, scaled between the lowest and highest node.
struct InterPodAffinity: FilterPlugin, ScorePlugin {
    static let affinityReason = "node(s) didn't match pod affinity rules"
    static let antiAffinityReason = "node(s) didn't match pod anti-affinity rules"
    static let existingAntiAffinityReason = "node(s) didn't satisfy existing pods anti-affinity rules"

    private let pod: PodInfo
    private let requiredAffinity: [PodAffinityTerm]
    private let requiredAntiAffinity: [PodAffinityTerm]
    private let affinityCounts: [TopologyPair: Int]
    private let antiAffinityCounts: [TopologyPair: Int]
    private let existingAntiAffinityCounts: [TopologyPair: Int]
    private let topologyScores: [TopologyPair: Int64]
    var weight: Int64 { 2 }

    init(pod: PodInfo, snapshot: ClusterSnapshot) {
        self.pod = pod
        let namespaces = snapshot.namespaceLabels
        requiredAffinity = PodAffinityTerm.required(pod, "podAffinity")
        requiredAntiAffinity = PodAffinityTerm.required(pod, "podAntiAffinity")
        let preferredAffinity = PodAffinityTerm.preferred(pod, "podAffinity")
        let preferredAntiAffinity = PodAffinityTerm.preferred(pod, "podAntiAffinity")
        var affinity: [TopologyPair: Int] = [:]
        var anti: [TopologyPair: Int] = [:]
        var existingAnti: [TopologyPair: Int] = [:]
        var scores: [TopologyPair: Int64] = [:]
        func pair(_ term: PodAffinityTerm, _ node: NodeInfo) -> TopologyPair? {
            node.labels[term.topologyKey].map { TopologyPair(key: term.topologyKey, value: $0) }
        }
        // A pod without terms of its own is only concerned by the existing pods that have some.
        let ownTerms = !(requiredAffinity.isEmpty && requiredAntiAffinity.isEmpty && preferredAffinity.isEmpty && preferredAntiAffinity.isEmpty)
        for (existing, node) in ownTerms ? snapshot.boundPods : snapshot.boundPodsWithAffinity {
            for term in requiredAffinity where term.matches(existing, namespaceLabels: namespaces) {
                if let pair = pair(term, node) { affinity[pair, default: 0] += 1 }
            }
            for term in requiredAntiAffinity where term.matches(existing, namespaceLabels: namespaces) {
                if let pair = pair(term, node) { anti[pair, default: 0] += 1 }
            }
            for term in PodAffinityTerm.required(existing, "podAntiAffinity") where term.matches(pod, namespaceLabels: namespaces) {
                if let pair = pair(term, node) { existingAnti[pair, default: 0] += 1 }
            }
            guard !node.labels.isEmpty else { continue }
            let weighted: [([PodAffinityTerm], PodInfo, Int64)] = [
                (preferredAffinity, existing, 1), (preferredAntiAffinity, existing, -1),
                (PodAffinityTerm.required(existing, "podAffinity"), pod, 1),
                (PodAffinityTerm.preferred(existing, "podAffinity"), pod, 1),
                (PodAffinityTerm.preferred(existing, "podAntiAffinity"), pod, -1),
            ]
            for (terms, target, sign) in weighted {
                for term in terms where term.matches(target, namespaceLabels: namespaces) {
                    if let pair = pair(term, node) { scores[pair, default: 0] += sign * term.weight }
                }
            }
        }
        affinityCounts = affinity
        antiAffinityCounts = anti
        existingAntiAffinityCounts = existingAnti
        topologyScores = scores
    }

    func filter(_ node: NodeInfo) -> FilterStatus? {
        if !satisfiesAffinity(node) { return .unresolvable(Self.affinityReason) }
        let antiAffine = requiredAntiAffinity.contains { term in
            node.labels[term.topologyKey].map { antiAffinityCounts[TopologyPair(key: term.topologyKey, value: $0), default: 0] > 0 } ?? false
        }
        if antiAffine { return .unschedulable(Self.antiAffinityReason) }
        if node.labels.contains(where: { existingAntiAffinityCounts[TopologyPair(key: $0.key, value: $0.value), default: 0] > 0 }) {
            return .unschedulable(Self.existingAntiAffinityReason)
        }
        return nil
    }

    private func satisfiesAffinity(_ node: NodeInfo) -> Bool {
        var podsExist = true
        for term in requiredAffinity {
            guard let value = node.labels[term.topologyKey] else { return false }
            if affinityCounts[TopologyPair(key: term.topologyKey, value: value), default: 0] <= 0 { podsExist = false }
        }
        if podsExist { return true }
        // The first pod of a series with affinity to itself may go where the topology exists.
        let selfAffine = requiredAffinity.allSatisfy { $0.matches(pod, namespaceLabels: [:]) }
        return affinityCounts.isEmpty && selfAffine
    }

    func score(_ node: NodeInfo) -> Int64 {
        node.labels.reduce(0) { $0 + (topologyScores[TopologyPair(key: $1.key, value: $1.value)] ?? 0) }
    }

    func normalize(_ scores: [Int64]) -> [Int64] {
        guard !topologyScores.isEmpty, let lowest = scores.min(), let highest = scores.max(), highest > lowest else {
            return scores.map { _ in 0 }
        }
        return scores.map { Int64(Double(maxNodeScore) * Double($0 - lowest) / Double(highest - lowest)) }
    }
}
