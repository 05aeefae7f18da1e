import KubeAPI

/// NodeResourcesBalancedAllocation (`plugins/noderesources/balanced_allocation.go`): prefers nodes where the
/// pod leaves cpu and memory equally used: `(1 − |cpuFraction − memoryFraction| / 2) × 100`, counting the
/// requests as written (no defaults). 1.32.0 scores best-effort pods too (the PreScore Skip for them came with
/// kubernetes#129138's fix, later).
struct BalancedAllocation: ScorePlugin {
    let pod: PodInfo
    var weight: Int64 { 1 }

    func score(_ node: NodeInfo) -> Int64 {
        var fractions: [Double] = []
        for name in [ResourceList.cpu, ResourceList.memory] {
            let allocatable = node.allocatable[name]
            guard allocatable > 0 else { continue }
            let requested = node.requested[name] + pod.requests[name]
            fractions.append(min(1, Double(requested) / Double(allocatable)))
        }
        var deviation = 0.0
        if fractions.count == 2 { deviation = abs(fractions[0] - fractions[1]) / 2 }
        return Int64((1 - deviation) * Double(maxNodeScore))
    }
}
