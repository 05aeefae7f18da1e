import KubeAPI

/// What the scheduler reads from a pod, parsed once (kube-scheduler's `framework.PodInfo`): its identity,
/// labels, priority, resource requests, host ports, tolerations and affinity.
struct PodInfo: Sendable {
    let object: KubeObject
    let key: ObjectKey
    let labels: [String: String]
    /// `spec.priority` (the Priority admission plugin's value), 0 when unset.
    let priority: Int64
    /// What the pod needs on a node to fit (`PodRequests`): cpu in millicores, the rest in units.
    let requests: ResourceList
    /// The requests scoring counts, with 100m cpu and 200Mi memory for a container that names none
    /// (`NonMissingContainerRequests`).
    let nonZeroRequests: ResourceList
    let hostPorts: [HostPort]
    let tolerations: [Toleration]
    let affinity: JSONValue?

    init(_ pod: KubeObject) {
        object = pod
        key = ObjectKey(pod)
        labels = pod.labels
        let spec = pod.spec ?? .emptyObject
        priority = spec["priority"]?.intValue ?? 0
        requests = Self.requests(spec, defaultingMissing: false)
        nonZeroRequests = Self.requests(spec, defaultingMissing: true)
        hostPorts = (spec["containers"]?.arrayValue ?? []).flatMap { container in
            (container["ports"]?.arrayValue ?? []).compactMap(HostPort.init(port:))
        }
        tolerations = (spec["tolerations"]?.arrayValue ?? []).map(Toleration.init)
        affinity = spec["affinity"]
    }

    var namespace: String { key.namespace ?? "default" }
    var name: String { key.name }
    var uid: String { object.uid ?? "" }
    var nodeName: String { object.spec?["nodeName"]?.stringValue ?? "" }
    /// Whether the pod has pod affinity or anti-affinity terms.
    var hasPodAffinity: Bool { affinity?["podAffinity"] != nil || affinity?["podAntiAffinity"] != nil }

    /// The pod's requests as kube-scheduler computes them (`resourcehelper.PodRequests`): the app containers'
    /// sum plus restartable (sidecar) init containers, or the largest init container step if that is more
    /// (each regular init container runs alongside the sidecars started before it), plus the pod overhead.
    private static func requests(_ spec: JSONValue, defaultingMissing: Bool) -> ResourceList {
        var total = ResourceList()
        for container in spec["containers"]?.arrayValue ?? [] {
            total.add(containerRequests(container, defaultingMissing: defaultingMissing))
        }
        var sidecars = ResourceList()
        var initPeak = ResourceList()
        for container in spec["initContainers"]?.arrayValue ?? [] {
            var step = containerRequests(container, defaultingMissing: defaultingMissing)
            if container["restartPolicy"]?.stringValue == "Always" {
                total.add(step)
                sidecars.add(step)
                step = sidecars
            } else {
                step.add(sidecars)
            }
            initPeak.raise(to: step)
        }
        total.raise(to: initPeak)
        if let overhead = spec["overhead"] { total.add(ResourceList(overhead)) }
        return total
    }

    private static func containerRequests(_ container: JSONValue, defaultingMissing: Bool) -> ResourceList {
        let requests = container[["resources", "requests"]]
        var list = ResourceList(requests ?? .emptyObject)
        if defaultingMissing {
            if requests?["cpu"] == nil { list[ResourceList.cpu] = 100 }
            if requests?["memory"] == nil { list[ResourceList.memory] = 200 * 1024 * 1024 }
        }
        return list
    }
}

/// Amounts of resources by name, cpu in millicores and everything else in units (kube-scheduler's
/// `framework.Resource`).
struct ResourceList: Sendable, Equatable {
    static let cpu = "cpu"
    static let memory = "memory"
    static let ephemeralStorage = "ephemeral-storage"
    static let pods = "pods"

    private(set) var amounts: [String: Int64] = [:]

    init() {}

    /// The quantities of a `ResourceList` object (`requests`, `allocatable`, `overhead`).
    init(_ json: JSONValue) {
        for (name, value) in json.objectValue ?? [:] {
            let amount = name == Self.cpu ? ResourceQuantity.milliValue(value) : ResourceQuantity.value(value)
            if let amount { amounts[name] = amount }
        }
    }

    subscript(name: String) -> Int64 {
        get { amounts[name] ?? 0 }
        set { amounts[name] = newValue }
    }

    /// The names with an amount, sorted.
    var names: [String] { amounts.keys.sorted() }

    mutating func add(_ other: ResourceList) {
        for (name, amount) in other.amounts { amounts[name, default: 0] += amount }
    }

    mutating func subtract(_ other: ResourceList) {
        for (name, amount) in other.amounts { amounts[name, default: 0] -= amount }
    }

    /// Each amount becomes the larger of its own and `other`'s.
    mutating func raise(to other: ResourceList) {
        for (name, amount) in other.amounts { amounts[name] = max(amounts[name] ?? 0, amount) }
    }
}

/// A host port a container asks for: its IP (`0.0.0.0` when unset), protocol (TCP when unset) and port.
struct HostPort: Sendable, Hashable {
    var ip: String
    var proto: String
    var port: Int64

    init?(port: JSONValue) {
        guard let number = port["hostPort"]?.intValue, number > 0 else { return nil }
        let ip = port["hostIP"]?.stringValue ?? ""
        self.ip = ip.isEmpty ? "0.0.0.0" : ip
        let proto = port["protocol"]?.stringValue ?? ""
        self.proto = proto.isEmpty ? "TCP" : proto
        self.port = number
    }

    /// Whether the two cannot both be bound on one node: same protocol and port, and the same IP or either on
    /// all addresses (`HostPortInfo.CheckConflict`).
    func conflicts(with other: HostPort) -> Bool {
        proto == other.proto && port == other.port && (ip == other.ip || ip == "0.0.0.0" || other.ip == "0.0.0.0")
    }
}
