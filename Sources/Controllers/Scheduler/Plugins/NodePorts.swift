import KubeAPI

/// NodePorts (`plugins/nodeports`): the pod's host ports must be free on the node.
struct NodePorts: FilterPlugin {
    static let reason = "node(s) didn't have free ports for the requested pod ports"

    let pod: PodInfo

    func filter(_ node: NodeInfo) -> FilterStatus? {
        let conflict = pod.hostPorts.contains { wanted in node.usedPorts.contains { $0.conflicts(with: wanted) } }
        return conflict ? .unschedulable(Self.reason) : nil
    }
}
