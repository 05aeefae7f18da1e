import KubeAPI

/// A node as one scheduling cycle sees it (kube-scheduler's `framework.NodeInfo`): the Node, the pods bound
/// to it, and what they request and hold.
struct NodeInfo: Sendable {
    let node: KubeObject
    let labels: [String: String]
    let taints: [Taint]
    /// `status.allocatable`.
    let allocatable: ResourceList
    private(set) var pods: [PodInfo] = []
    /// The sum of the pods' requests.
    private(set) var requested = ResourceList()
    /// The sum of the pods' requests with scoring's defaults for containers that name none.
    private(set) var nonZeroRequested = ResourceList()
    private(set) var usedPorts: [HostPort] = []

    init(_ node: KubeObject, pods: [PodInfo]) {
        self.node = node
        labels = node.labels
        taints = Taint.of(node)
        allocatable = ResourceList(node.json[["status", "allocatable"]] ?? .emptyObject)
        for pod in pods { add(pod) }
    }

    var name: String { node.name }

    mutating func add(_ pod: PodInfo) {
        pods.append(pod)
        requested.add(pod.requests)
        nonZeroRequested.add(pod.nonZeroRequests)
        usedPorts.append(contentsOf: pod.hostPorts)
    }

    /// The node without `removed` (a preemption's victims), recounted.
    func removing(_ removed: Set<ObjectKey>) -> NodeInfo {
        NodeInfo(node, pods: pods.filter { !removed.contains($0.key) })
    }
}

/// The cluster as one scheduling cycle sees it (kube-scheduler's cache snapshot): every node, in name order,
/// with the pods bound to it that are not yet terminal, and the namespaces' labels for affinity terms.
struct ClusterSnapshot: Sendable {
    private(set) var nodes: [NodeInfo]
    let namespaceLabels: [String: [String: String]]

    init(nodes: [NodeInfo], namespaceLabels: [String: [String: String]]) {
        self.nodes = nodes
        self.namespaceLabels = namespaceLabels
    }

    /// The snapshot of what the informers' cache holds.
    init(cache: ObjectCache) {
        let nodes = cache.list(BuiltinResources.nodes).map { node in
            NodeInfo(node, pods: cache.pods(onNode: node.name).filter { !PodPhase.isTerminal($0) }.map(PodInfo.init))
        }
        var namespaces: [String: [String: String]] = [:]
        for namespace in cache.list(BuiltinResources.namespaces) { namespaces[namespace.name] = namespace.labels }
        self.init(nodes: nodes, namespaceLabels: namespaces)
    }

    /// The same cluster with `node` replaced.
    func replacing(_ node: NodeInfo) -> ClusterSnapshot {
        var copy = self
        if let index = copy.nodes.firstIndex(where: { $0.name == node.name }) { copy.nodes[index] = node }
        return copy
    }

    /// Every pod bound to a node, with its node.
    var boundPods: [(pod: PodInfo, node: NodeInfo)] {
        nodes.flatMap { node in node.pods.map { (pod: $0, node: node) } }
    }
}

/// Pod phases as the scheduler tells them apart.
enum PodPhase {
    /// Succeeded or Failed: the pod holds nothing on its node any more (the scheduler's informer leaves such
    /// pods out).
    static func isTerminal(_ pod: KubeObject) -> Bool {
        let phase = pod.json[["status", "phase"]]?.stringValue
        return phase == "Succeeded" || phase == "Failed"
    }
}
