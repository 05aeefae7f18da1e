import KubeAPI

/// NodeUnschedulable (`plugins/nodeunschedulable`): a cordoned node (`spec.unschedulable`) takes only pods
/// that tolerate the `node.kubernetes.io/unschedulable:NoSchedule` taint.
struct NodeUnschedulable: FilterPlugin {
    static let reason = "node(s) were unschedulable"
    private static let taint = Taint(key: "node.kubernetes.io/unschedulable", effect: "NoSchedule")

    let pod: PodInfo

    func filter(_ node: NodeInfo) -> FilterStatus? {
        guard node.node.spec?["unschedulable"]?.boolValue == true, !pod.tolerations.tolerate(Self.taint) else { return nil }
        return .unresolvable(Self.reason)
    }
}
