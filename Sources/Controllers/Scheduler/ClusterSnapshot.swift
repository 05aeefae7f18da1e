import KubeAPI
import Synchronization

/// A node as one scheduling cycle sees it (kube-scheduler's `framework.NodeInfo`): the Node, the pods bound
/// to it, and what they request and hold.
struct NodeInfo: Sendable {
    let node: KubeObject
    let labels: [String: String]
    let taints: [Taint]
    /// `status.allocatable`.
    let allocatable: ResourceList
    private(set) var pods: [PodInfo] = []
    /// The pods with pod affinity or anti-affinity terms (`PodsWithAffinity`).
    private(set) var podsWithAffinity: [PodInfo] = []
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
        if pod.hasPodAffinity { podsWithAffinity.append(pod) }
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

    /// The snapshot of what the informers' cache holds, reusing the node infos of `reuse` for nodes that
    /// did not change since.
    init(cache: ObjectCache, reuse: NodeInfoCache) {
        let nodes = cache.list(BuiltinResources.nodes).map { reuse.nodeInfo(for: $0, in: cache) }
        reuse.keep(Set(nodes.map(\.name)))
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

    /// The bound pods with pod affinity or anti-affinity terms, with their nodes.
    var boundPodsWithAffinity: [(pod: PodInfo, node: NodeInfo)] {
        nodes.flatMap { node in node.podsWithAffinity.map { (pod: $0, node: node) } }
    }
}

/// The scheduler's node infos from earlier cycles (kube-scheduler's cache, updated incrementally): a node's
/// info is rebuilt only when the Node or the pods bound to it changed, and then parses only the pods that
/// changed, so a cycle costs about the number of nodes, not the number of pods.
final class NodeInfoCache: Sendable {
    private struct Entry {
        var nodeVersion: String
        var podChanges: Int
        var info: NodeInfo
    }

    private let entries = Mutex<[String: Entry]>([:])

    func nodeInfo(for node: KubeObject, in cache: ObjectCache) -> NodeInfo {
        let version = node.resourceVersion ?? ""
        let changes = cache.podChanges(onNode: node.name)
        if let entry = entries.withLock({ $0[node.name] }), entry.nodeVersion == version, entry.podChanges == changes {
            return entry.info
        }
        var earlier: [ObjectKey: PodInfo] = [:]
        for pod in entries.withLock({ $0[node.name]?.info.pods }) ?? [] { earlier[pod.key] = pod }
        let pods = cache.pods(onNode: node.name).filter { !PodPhase.isTerminal($0) }.map { pod in
            if let known = earlier[ObjectKey(pod)], known.object.resourceVersion == pod.resourceVersion { return known }
            return PodInfo(pod)
        }
        let info = NodeInfo(node, pods: pods)
        entries.withLock { $0[node.name] = Entry(nodeVersion: version, podChanges: changes, info: info) }
        return info
    }

    /// Forgets the nodes not in `names` (deleted ones).
    func keep(_ names: Set<String>) {
        entries.withLock { entries in entries = entries.filter { names.contains($0.key) } }
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
