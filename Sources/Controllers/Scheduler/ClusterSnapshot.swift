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

/// The scheduler's own cache (kube-scheduler's `internal/cache`): node infos from earlier cycles, rebuilt only
/// when the Node or the pods bound to it changed (and then parsing only the pods that changed), so a cycle
/// costs about the number of nodes, not the number of pods; and the pods it has *assumed* on a node while their
/// binding is on its way, so cycles running beside a binding count what it will hold.
final class SchedulerCache: Sendable {
    private struct Entry {
        var nodeVersion: String
        var podChanges: Int
        var info: NodeInfo
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Pods placed by a cycle whose binding the informers have not shown yet, by node.
        var assumed: [String: [ObjectKey: PodInfo]] = [:]
    }

    private let state = Mutex(State())

    /// Runs one scheduling cycle on the snapshot of `cache` plus the assumed pods; the node `body` places the
    /// pod on (if any) holds it as assumed until ``forget(_:)`` or the informers show it bound. Cycles run one
    /// at a time, as kube-scheduler's do.
    func cycle<Result>(on cache: ObjectCache, _ body: (ClusterSnapshot) -> (Result, placed: (PodInfo, node: String)?)) -> Result {
        state.withLock { state in
            let nodes = cache.list(BuiltinResources.nodes)
            let names = Set(nodes.map(\.name))
            state.entries = state.entries.filter { names.contains($0.key) }
            let infos = nodes.map { node in Self.nodeInfo(for: node, in: cache, state: &state) }
            var namespaces: [String: [String: String]] = [:]
            for namespace in cache.list(BuiltinResources.namespaces) { namespaces[namespace.name] = namespace.labels }
            let (result, placed) = body(ClusterSnapshot(nodes: infos, namespaceLabels: namespaces))
            if let (pod, node) = placed { state.assumed[node, default: [:]][pod.key] = pod }
            return result
        }
    }

    /// Drops an assumed pod whose binding failed.
    func forget(_ key: ObjectKey) {
        state.withLock { state in
            for node in state.assumed.keys { state.assumed[node]?[key] = nil }
        }
    }

    private static func nodeInfo(for node: KubeObject, in cache: ObjectCache, state: inout State) -> NodeInfo {
        let version = node.resourceVersion ?? ""
        let changes = cache.podChanges(onNode: node.name)
        var info: NodeInfo
        if let entry = state.entries[node.name], entry.nodeVersion == version, entry.podChanges == changes {
            info = entry.info
        } else {
            var earlier: [ObjectKey: PodInfo] = [:]
            for pod in state.entries[node.name]?.info.pods ?? [] { earlier[pod.key] = pod }
            let pods = cache.pods(onNode: node.name).filter { !PodPhase.isTerminal($0) }.map { pod in
                if let known = earlier[ObjectKey(pod)], known.object.resourceVersion == pod.resourceVersion { return known }
                return PodInfo(pod)
            }
            info = NodeInfo(node, pods: pods)
            state.entries[node.name] = Entry(nodeVersion: version, podChanges: changes, info: info)
        }
        // An assumed pod counts until the cache shows it bound (or gone).
        for (key, pod) in (state.assumed[node.name] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let current = cache.get(BuiltinResources.pods, key)
            if current == nil || !(current?.spec?["nodeName"]?.stringValue ?? "").isEmpty || current?.uid != pod.object.uid {
                state.assumed[node.name]?[key] = nil
            } else {
                info.add(pod)
            }
        }
        return info
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
