import KubeAPI

/// NodeName (`plugins/nodename`): a pod that names a node in `spec.nodeName` fits only that node.
struct NodeName: FilterPlugin {
    static let reason = "node(s) didn't match the requested node name"

    let pod: PodInfo

    func filter(_ node: NodeInfo) -> FilterStatus? {
        pod.nodeName.isEmpty || pod.nodeName == node.name ? nil : .unresolvable(Self.reason)
    }
}
