import Foundation
import KubeAPI

/// A DaemonSet's RollingUpdate step (`pkg/controller/daemon/update.go` rollingUpdate). Without surge it
/// deletes old pods (unavailable ones at once, available ones while fewer than maxUnavailable nodes are
/// unavailable) and lets the next sync create their replacements; with maxSurge it creates new pods next to old
/// ones (at most maxSurge at a time, at once where the old pod is unavailable) and deletes an old pod once its
/// replacement is available. Nodes are looked at in name order.
struct DaemonSetRollingUpdate {
    let sync: DaemonSetSync
    let now: Date

    /// `util.SurgeCount`: maxSurge of `desired` nodes, rounded up; 0 unless RollingUpdate.
    static func maxSurge(_ daemonSet: KubeObject, desired: Int64) -> Int64 {
        guard daemonSet.spec?[["updateStrategy", "type"]]?.stringValue == "RollingUpdate" else { return 0 }
        return RolloutArithmetic.scaled(daemonSet.spec?[["updateStrategy", "rollingUpdate", "maxSurge"]], of: desired, roundUp: true)
    }

    /// `util.UnavailableCount`: maxUnavailable of `desired` nodes, rounded up; 0 unless RollingUpdate.
    static func maxUnavailable(_ daemonSet: KubeObject, desired: Int64) -> Int64 {
        guard daemonSet.spec?[["updateStrategy", "type"]]?.stringValue == "RollingUpdate" else { return 0 }
        return RolloutArithmetic.scaled(
            daemonSet.spec?[["updateStrategy", "rollingUpdate", "maxUnavailable"]], of: desired, roundUp: true)
    }

    func run(nodes: [KubeObject], podsByNode: [String: [KubeObject]]) async throws {
        let daemonSet = sync.daemonSet
        var podsByNode = podsByNode
        var desired: Int64 = 0
        for node in nodes where sync.placement.decision(for: node).shouldRun {
            desired += 1
            if podsByNode[node.name] == nil { podsByNode[node.name] = [] }
        }
        let maxSurge = Self.maxSurge(daemonSet, desired: desired)
        var maxUnavailable = Self.maxUnavailable(daemonSet, desired: desired)
        if desired > 0 && maxSurge == 0 && maxUnavailable == 0 { maxUnavailable = 1 }
        let perNode = podsByNode.sorted { $0.key < $1.key }
        if maxSurge == 0 {
            try await withoutSurge(perNode, maxUnavailable: maxUnavailable)
        } else {
            try await withSurge(perNode, nodes: nodes, maxSurge: maxSurge, desired: desired)
        }
    }

    private func available(_ pod: KubeObject) -> Bool {
        PodState.isAvailable(pod, minReadySeconds: sync.daemonSet.specInt("minReadySeconds"), now: now)
    }

    private func withoutSurge(_ perNode: [(key: String, value: [KubeObject])], maxUnavailable: Int64) async throws {
        var unavailable: Int64 = 0
        var replacements: [KubeObject] = []
        var candidates: [KubeObject] = []
        for (_, pods) in perNode {
            guard let (newPod, oldPod) = updatedPods(pods) else {
                unavailable += 1
                continue
            }
            switch (newPod, oldPod) {
            case (nil, nil), (.some, .some):
                unavailable += 1
            case (let newPod?, nil):
                if !available(newPod) { unavailable += 1 }
            case (nil, let oldPod?):
                if !available(oldPod) {
                    replacements.append(oldPod)
                    unavailable += 1
                } else if unavailable < maxUnavailable {
                    candidates.append(oldPod)
                }
            }
        }
        let remaining = Int(max(0, min(maxUnavailable - unavailable, Int64(candidates.count))))
        try await sync.syncNodes(deleting: replacements + candidates.prefix(remaining), creatingOn: [])
    }

    private func withSurge(
        _ perNode: [(key: String, value: [KubeObject])], nodes: [KubeObject], maxSurge: Int64, desired: Int64
    ) async throws {
        let nodesByName = Dictionary(nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let shouldRun: (String) -> Bool = { name in nodesByName[name].map { sync.placement.decision(for: $0).shouldRun } ?? false }
        var deleting: [KubeObject] = []
        var shouldNotRun: [KubeObject] = []
        var candidateNodes: [String] = []
        var allowedNodes: [String] = []
        var surging: Int64 = 0
        var numberAvailable: Int64 = 0
        for (nodeName, pods) in perNode {
            guard let (newPod, oldPod) = updatedPods(pods) else {
                surging += 1
                continue
            }
            if let pod = oldPod ?? newPod, available(pod) { numberAvailable += 1 }
            switch (newPod, oldPod) {
            case (_, nil):
                continue
            case (nil, let oldPod?):
                if !available(oldPod) {
                    if shouldRun(nodeName) { allowedNodes.append(nodeName) } else { deleting.append(oldPod) }
                } else if !shouldRun(nodeName) {
                    shouldNotRun.append(oldPod)
                } else if surging < maxSurge {
                    candidateNodes.append(nodeName)
                }
            case (let newPod?, let oldPod?):
                if available(newPod) { deleting.append(oldPod) } else { surging += 1 }
            }
        }
        // Pods on nodes that should no longer run one go only once as many are available elsewhere.
        let deletable = max(0, min(Int(numberAvailable - desired), shouldNotRun.count))
        deleting += shouldNotRun.prefix(deletable)
        let remaining = Int(max(0, min(maxSurge - surging, Int64(candidateNodes.count))))
        try await sync.syncNodes(deleting: deleting, creatingOn: allowedNodes + candidateNodes.prefix(remaining))
    }

    /// `findUpdatedPodsOnNode`: the node's one new and one old pod (not being deleted); nil when it has more.
    private func updatedPods(_ pods: [KubeObject]) -> (new: KubeObject?, old: KubeObject?)? {
        var newPod: KubeObject?
        var oldPod: KubeObject?
        for pod in pods where pod.deletionTimestamp == nil {
            if DaemonSetController.isUpdated(pod, hash: sync.hash, daemonSet: sync.daemonSet) {
                if newPod != nil { return nil }
                newPod = pod
            } else {
                if oldPod != nil { return nil }
                oldPod = pod
            }
        }
        return (newPod, oldPod)
    }
}
