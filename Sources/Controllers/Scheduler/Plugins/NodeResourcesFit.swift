import KubeAPI

/// NodeResourcesFit (`plugins/noderesources/fit.go`): the filter checks the pod's requests against the node's
/// allocatable minus what the pods bound there request, and the pod count against allocatable `pods`,
/// reporting every shortfall (`Too many pods`, `Insufficient cpu`, ...; always `Unschedulable` in 1.32, so
/// preemption is tried). The score is the default `LeastAllocated` strategy over cpu and memory, weight 1
/// each: nodes with more room left score higher.
struct NodeResourcesFit: FilterPlugin, ScorePlugin {
    let pod: PodInfo
    var weight: Int64 { 1 }

    func filter(_ node: NodeInfo) -> FilterStatus? {
        var reasons: [String] = []
        if node.pods.count + 1 > node.allocatable[ResourceList.pods] { reasons.append("Too many pods") }
        for name in [ResourceList.cpu, ResourceList.memory, ResourceList.ephemeralStorage] + scalarNames {
            let wanted = pod.requests[name]
            if wanted > 0 && wanted > node.allocatable[name] - node.requested[name] { reasons.append("Insufficient \(name)") }
        }
        return reasons.isEmpty ? nil : FilterStatus(code: .unschedulable, reasons: reasons)
    }

    /// The extended resources, hugepages and attachable volumes the pod requests (`IsScalarResourceName`).
    private var scalarNames: [String] {
        pod.requests.names.filter { name in
            name.hasPrefix("hugepages-") || name.hasPrefix("attachable-volumes-")
                || (name.contains("/") && !name.contains("kubernetes.io/") && !name.hasPrefix("requests."))
        }
    }

    /// `leastResourceScorer`: per resource `(allocatable − requested) × 100 / allocatable` (0 when over),
    /// counting requests with scoring's defaults, averaged over the resources the node has.
    func score(_ node: NodeInfo) -> Int64 {
        var total: Int64 = 0
        var weights: Int64 = 0
        for name in [ResourceList.cpu, ResourceList.memory] {
            let allocatable = node.allocatable[name]
            guard allocatable > 0 else { continue }
            let requested = node.nonZeroRequested[name] + pod.nonZeroRequests[name]
            total += requested > allocatable ? 0 : (allocatable - requested) * maxNodeScore / allocatable
            weights += 1
        }
        return weights == 0 ? 0 : total / weights
    }
}
