import KubeAPI

/// NodeAffinity (`plugins/nodeaffinity`): the filter requires the node to carry every `nodeSelector` label and
/// to match one of the required `nodeSelectorTerms`; the score adds the weights of the preferred terms the
/// node matches, scaled so the best node scores 100. Its PreFilter narrows the nodes to those named by
/// `metadata.name In` fields when every required term has one (how DaemonSet pods name their node).
struct NodeAffinity: FilterPlugin, ScorePlugin {
    static let reason = "node(s) didn't match Pod's node affinity/selector"
    /// PreFilter's reason when the terms name no node at all.
    static let conflictReason = "pod affinity terms conflict"

    let nodeSelector: [String: String]
    let required: [NodeSelectorTerm]?
    let preferred: [(weight: Int64, term: NodeSelectorTerm)]
    var weight: Int64 { 2 }

    init(pod: PodInfo) {
        let spec = pod.object.spec ?? .emptyObject
        nodeSelector = (spec["nodeSelector"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        let nodeAffinity = pod.affinity?["nodeAffinity"]
        required = nodeAffinity?[["requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]]?.arrayValue?
            .map(NodeSelectorTerm.init)
        preferred = (nodeAffinity?["preferredDuringSchedulingIgnoredDuringExecution"]?.arrayValue ?? []).map {
            (weight: $0["weight"]?.intValue ?? 0, term: NodeSelectorTerm(json: $0["preference"] ?? .emptyObject))
        }
    }

    /// The only nodes worth filtering (nil for all), or the status that rejects the pod before any node.
    func preFilter() -> (nodes: Set<String>?, rejection: FilterStatus?) {
        guard let required else { return (nil, nil) }
        var names: Set<String> = []
        for term in required {
            guard let termNames = term.nodeNames else { return (nil, nil) }
            names.formUnion(termNames)
        }
        return names.isEmpty ? (nil, .unresolvable(Self.conflictReason)) : (names, nil)
    }

    func filter(_ node: NodeInfo) -> FilterStatus? {
        let selected = nodeSelector.allSatisfy { node.labels[$0.key] == $0.value }
        let affine = required.map { terms in terms.contains { $0.matches(node) } } ?? true
        return selected && affine ? nil : .unresolvable(Self.reason)
    }

    func score(_ node: NodeInfo) -> Int64 {
        preferred.filter { $0.weight != 0 && $0.term.matches(node) }.reduce(0) { $0 + $1.weight }
    }

    func normalize(_ scores: [Int64]) -> [Int64] { defaultNormalizeScore(scores, reverse: false) }
}
