import KubeAPI

/// Where a DaemonSet's pods belong (`pkg/controller/daemon`: `NodeShouldRunDaemonPod`, `predicates`, and
/// `util.AddOrUpdateDaemonPodTolerations`): a node the template's nodeName, nodeSelector and required node
/// affinity allow, whose NoSchedule and NoExecute taints the pod tolerates, counting the tolerations every
/// daemon pod gets.
struct DaemonPlacement {
    /// The template's pod spec with the daemon tolerations added.
    let spec: JSONValue
    let tolerations: [Toleration]

    init(template: JSONValue) {
        spec = Self.addingDaemonTolerations(template["spec"] ?? .emptyObject)
        tolerations = (spec["tolerations"]?.arrayValue ?? []).map(Toleration.init)
    }

    /// Whether a pod should be created on the node, and whether one already there may stay: a node whose only
    /// obstacle is an untolerated NoSchedule taint keeps its pod; an untolerated NoExecute taint does not.
    func decision(for node: KubeObject) -> (shouldRun: Bool, shouldContinueRunning: Bool) {
        if let nodeName = spec["nodeName"]?.stringValue, !nodeName.isEmpty, nodeName != node.name { return (false, false) }
        guard fitsNodeAffinity(node) else { return (false, false) }
        let taints = Taint.of(node)
        let untolerated = taints.filter { ($0.effect == "NoSchedule" || $0.effect == "NoExecute") && !tolerations.tolerate($0) }
        if untolerated.isEmpty { return (true, true) }
        return (false, !untolerated.contains { $0.effect == "NoExecute" })
    }

    /// `nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)`: every nodeSelector label, and one of the
    /// required terms when there are any.
    private func fitsNodeAffinity(_ node: KubeObject) -> Bool {
        let selector = (spec["nodeSelector"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        guard selector.allSatisfy({ node.labels[$0.key] == $0.value }) else { return false }
        let path = ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]
        guard let terms = spec[path]?.arrayValue else { return true }
        let info = NodeInfo(node, pods: [])
        return terms.contains { NodeSelectorTerm(json: $0).matches(info) }
    }

    /// The tolerations `AddOrUpdateDaemonPodTolerations` gives every daemon pod, in its order: not-ready and
    /// unreachable for NoExecute without a time limit; disk, memory and PID pressure and unschedulable for
    /// NoSchedule; network-unavailable too for host-network pods.
    static func daemonTolerations(hostNetwork: Bool) -> [JSONValue] {
        var tolerations: [JSONValue] = ["not-ready", "unreachable"].map { toleration($0, effect: "NoExecute") }
        tolerations += ["disk-pressure", "memory-pressure", "pid-pressure", "unschedulable"].map { toleration($0, effect: "NoSchedule") }
        if hostNetwork { tolerations.append(toleration("network-unavailable", effect: "NoSchedule")) }
        return tolerations
    }

    private static func toleration(_ condition: String, effect: String) -> JSONValue {
        ["key": .string("node.kubernetes.io/\(condition)"), "operator": "Exists", "effect": .string(effect)]
    }

    /// `AddOrUpdateTolerationInPodSpec` for each daemon toleration: one with the same key, operator, value and
    /// effect is replaced in place (losing its tolerationSeconds), any other is appended.
    static func addingDaemonTolerations(_ spec: JSONValue) -> JSONValue {
        var spec = spec
        var tolerations = spec["tolerations"]?.arrayValue ?? []
        for toleration in daemonTolerations(hostNetwork: spec["hostNetwork"]?.boolValue == true) {
            let same: (JSONValue) -> Bool = { existing in
                ["key", "operator", "value", "effect"].allSatisfy {
                    (existing[$0]?.stringValue ?? "") == (toleration[$0]?.stringValue ?? "")
                }
            }
            if let index = tolerations.firstIndex(where: same) {
                tolerations[index] = toleration
            } else {
                tolerations.append(toleration)
            }
        }
        spec["tolerations"] = .array(tolerations)
        return spec
    }

    /// The node a daemon pod is for (`util.GetTargetNodeName`): its nodeName, else the single value of a
    /// required `metadata.name In` field.
    static func targetNode(of pod: KubeObject) -> String? {
        if let nodeName = pod.spec?["nodeName"]?.stringValue, !nodeName.isEmpty { return nodeName }
        let path = ["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]
        for term in pod.spec?[path]?.arrayValue ?? [] {
            for field in term["matchFields"]?.arrayValue ?? []
            where field["key"]?.stringValue == "metadata.name" && field["operator"]?.stringValue == "In" {
                let values = field["values"]?.arrayValue ?? []
                return values.count == 1 ? values[0].stringValue : nil
            }
        }
        return nil
    }

    /// `ReplaceDaemonSetPodNodeNameNodeAffinity`: the required node affinity becomes the one term
    /// `metadata.name In [node]`, keeping the preferred terms and the pod (anti-)affinity.
    static func pinning(_ spec: JSONValue, to node: String) -> JSONValue {
        var spec = spec
        let term: JSONValue = ["matchFields": [["key": "metadata.name", "operator": "In", "values": [.string(node)]]]]
        spec[["affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution"]] = ["nodeSelectorTerms": [term]]
        return spec
    }
}
