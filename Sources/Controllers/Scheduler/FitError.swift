import KubeAPI

/// Why no node fits a pod, as kube-scheduler words it (`framework/types.go` `FitError.Error`):
/// `0/<N> nodes are available:`, then the PreFilter rejection or a histogram of the filters' reasons over all
/// nodes (`<count> <reason>`, plain-string sorted, joined with ", ", closed with "."), then the PostFilter
/// (preemption) message.
struct FitError: Sendable {
    /// Every node in the snapshot.
    var numAllNodes: Int
    /// The verdict on each node that was filtered, by name.
    var nodeStatuses: [String: FilterStatus]
    /// The verdict on the nodes not in `nodeStatuses` (those a PreFilter ruled out).
    var absentStatus: FilterStatus?
    /// A PreFilter's rejection of the pod before any node.
    var preFilterMessage: String?
    var postFilterMessage: String?

    var message: String {
        var text = "0/\(numAllNodes) nodes are available:"
        if let preFilterMessage {
            text += " \(preFilterMessage)."
        } else {
            var counts: [String: Int] = [:]
            for status in nodeStatuses.values {
                for reason in status.reasons { counts[reason, default: 0] += 1 }
            }
            if nodeStatuses.count < numAllNodes, let absentStatus {
                for reason in absentStatus.reasons { counts[reason, default: 0] += numAllNodes - nodeStatuses.count }
            }
            let entries = counts.map { "\($0.value) \($0.key)" }.sorted()
            if !entries.isEmpty { text += " " + entries.joined(separator: ", ") + "." }
        }
        if let postFilterMessage, !postFilterMessage.isEmpty { text += " " + postFilterMessage }
        return text
    }

    /// The status a node ended with, explicit or absent.
    func status(of node: String) -> FilterStatus? {
        nodeStatuses[node] ?? absentStatus
    }
}
