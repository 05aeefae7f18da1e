import KubeAPI

/// TaintToleration (`plugins/tainttoleration`): the filter refuses a node with a `NoSchedule` or `NoExecute`
/// taint the pod does not tolerate, naming the first such taint; the score prefers nodes with fewer
/// untolerated `PreferNoSchedule` taints.
struct TaintToleration: FilterPlugin, ScorePlugin {
    let pod: PodInfo
    var weight: Int64 { 3 }

    func filter(_ node: NodeInfo) -> FilterStatus? {
        guard let taint = node.taints.first(where: { ($0.effect == "NoSchedule" || $0.effect == "NoExecute") && !pod.tolerations.tolerate($0) })
        else { return nil }
        return .unresolvable("node(s) had untolerated taint {\(taint.key): \(taint.value)}")
    }

    /// The untolerated `PreferNoSchedule` taints, counting only tolerations for that effect or every effect.
    func score(_ node: NodeInfo) -> Int64 {
        let tolerations = pod.tolerations.filter { $0.effect.isEmpty || $0.effect == "PreferNoSchedule" }
        return Int64(node.taints.filter { $0.effect == "PreferNoSchedule" && !tolerations.tolerate($0) }.count)
    }

    func normalize(_ scores: [Int64]) -> [Int64] { defaultNormalizeScore(scores, reverse: true) }
}
