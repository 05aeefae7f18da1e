import KubeAPI

/// A filter's verdict against one node (kube-scheduler's `framework.Status`): why the pod does not fit, and
/// whether evicting lower-priority pods could change that.
struct FilterStatus: Sendable, Equatable {
    enum Code: Sendable {
        /// Preemption might help (`Unschedulable`): resources, ports, anti-affinity.
        case unschedulable
        /// Preemption cannot help (`UnschedulableAndUnresolvable`): taints, node affinity, node name, cordon.
        case unresolvable
    }

    var code: Code
    /// One or more reasons, each counted in the FailedScheduling message.
    var reasons: [String]

    static func unschedulable(_ reasons: String...) -> FilterStatus { FilterStatus(code: .unschedulable, reasons: reasons) }
    static func unresolvable(_ reasons: String...) -> FilterStatus { FilterStatus(code: .unresolvable, reasons: reasons) }
}

/// A Filter plugin made for one pod (its PreFilter state computed when it is made): nil when the pod fits
/// `node`.
protocol FilterPlugin: Sendable {
    func filter(_ node: NodeInfo) -> FilterStatus?
}

/// A Score plugin made for one pod: a raw score per feasible node, normalized over all of them to 0...100,
/// then multiplied by its weight in the default profile.
protocol ScorePlugin: Sendable {
    var weight: Int64 { get }
    func score(_ node: NodeInfo) -> Int64
    /// The scores made comparable (`NormalizeScore`); unchanged by default.
    func normalize(_ scores: [Int64]) -> [Int64]
}

extension ScorePlugin {
    func normalize(_ scores: [Int64]) -> [Int64] { scores }
}

/// The highest node score (`framework.MaxNodeScore`).
let maxNodeScore: Int64 = 100

/// `helper.DefaultNormalizeScore`: scales scores so the highest is 100; `reverse` turns the best into the
/// lowest (a count of things to avoid); all zero stays zero, or becomes 100 everywhere when reversed.
func defaultNormalizeScore(_ scores: [Int64], reverse: Bool) -> [Int64] {
    let highest = scores.max() ?? 0
    guard highest > 0 else { return reverse ? scores.map { _ in maxNodeScore } : scores }
    return scores.map { score in
        let scaled = maxNodeScore * score / highest
        return reverse ? maxNodeScore - scaled : scaled
    }
}

/// The plugins of kube-scheduler 1.32's default profile (`apis/config/v1/default_plugins.go`) that KubeSim
/// runs, in its order: filters NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts,
/// NodeResourcesFit, InterPodAffinity; scores TaintToleration (weight 3), NodeAffinity (2), NodeResourcesFit
/// (1, LeastAllocated), InterPodAffinity (2), NodeResourcesBalancedAllocation (1). Volume plugins,
/// PodTopologySpread and ImageLocality are not run.
enum DefaultProfile {
    static func filters(for pod: PodInfo, in snapshot: ClusterSnapshot) -> [any FilterPlugin] {
        [
            NodeUnschedulable(pod: pod), NodeName(pod: pod), TaintToleration(pod: pod), NodeAffinity(pod: pod),
            NodePorts(pod: pod), NodeResourcesFit(pod: pod), InterPodAffinity(pod: pod, snapshot: snapshot),
        ]
    }

    static func scores(for pod: PodInfo, in snapshot: ClusterSnapshot) -> [any ScorePlugin] {
        [
            TaintToleration(pod: pod), NodeAffinity(pod: pod), NodeResourcesFit(pod: pod),
            InterPodAffinity(pod: pod, snapshot: snapshot), BalancedAllocation(pod: pod),
        ]
    }

    /// The first filter that rejects the pod on `node`, as the framework stops at it.
    static func filter(_ pod: PodInfo, on node: NodeInfo, in snapshot: ClusterSnapshot) -> FilterStatus? {
        for plugin in filters(for: pod, in: snapshot) {
            if let status = plugin.filter(node) { return status }
        }
        return nil
    }
}
