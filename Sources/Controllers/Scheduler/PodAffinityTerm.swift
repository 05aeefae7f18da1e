import KubeAPI

/// One pod (anti-)affinity term (`core/v1.PodAffinityTerm`, with its weight when preferred), read from the
/// pod that owns it: which pods it selects (label selector, namespaces) and the topology it spreads over.
struct PodAffinityTerm: Sendable {
    let topologyKey: String
    let weight: Int64
    /// nil selects nothing (a term without a `labelSelector`).
    private let selector: LabelSelector?
    private let namespaces: Set<String>
    private let namespaceSelector: LabelSelector?

    /// - Parameter owner: the namespace of the pod the term belongs to, which it means when it names none.
    init(_ json: JSONValue, weight: Int64 = 1, owner: String) {
        topologyKey = json["topologyKey"]?.stringValue ?? ""
        self.weight = weight
        selector = json["labelSelector"].flatMap { try? LabelSelector(object: $0) }
        let listed = Set(json["namespaces"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        namespaceSelector = json["namespaceSelector"].flatMap { try? LabelSelector(object: $0) }
        namespaces = listed.isEmpty && namespaceSelector == nil ? [owner] : listed
    }

    /// Whether the term selects `pod`: its namespace is listed or selected, and its labels match.
    func matches(_ pod: PodInfo, namespaceLabels: [String: [String: String]]) -> Bool {
        guard let selector else { return false }
        let inNamespace =
            namespaces.contains(pod.namespace) || (namespaceSelector?.matches(namespaceLabels[pod.namespace] ?? [:]) ?? false)
        return inNamespace && selector.matches(pod.labels)
    }

    /// The terms of a pod's affinity: `kind` is `podAffinity` or `podAntiAffinity`.
    static func required(_ pod: PodInfo, _ kind: String) -> [PodAffinityTerm] {
        (pod.affinity?[[kind, "requiredDuringSchedulingIgnoredDuringExecution"]]?.arrayValue ?? []).map {
            PodAffinityTerm($0, owner: pod.namespace)
        }
    }

    static func preferred(_ pod: PodInfo, _ kind: String) -> [PodAffinityTerm] {
        (pod.affinity?[[kind, "preferredDuringSchedulingIgnoredDuringExecution"]]?.arrayValue ?? []).map {
            PodAffinityTerm($0["podAffinityTerm"] ?? .emptyObject, weight: $0["weight"]?.intValue ?? 0, owner: pod.namespace)
        }
    }
}

/// A topology domain: a label key and the value nodes in it share.
struct TopologyPair: Sendable, Hashable {
    var key: String
    var value: String
}
