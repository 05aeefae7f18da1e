import KubeAPI

/// A discovery/v1 `EndpointPort`: every field a pointer in Go, so an unset one differs from an empty one.
struct SlicePort: Hashable, Sendable {
    var name: String?
    var `protocol`: String?
    var port: Int64?
    var appProtocol: String?

    init(name: String?, protocol: String?, port: Int64?, appProtocol: String?) {
        self.name = name
        self.protocol = `protocol`
        self.port = port
        self.appProtocol = appProtocol
    }

    init(json: JSONValue) {
        name = json["name"]?.stringValue
        `protocol` = json["protocol"]?.stringValue
        port = json["port"]?.intValue
        appProtocol = json["appProtocol"]?.stringValue
    }

    var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        if let name { fields["name"] = .string(name) }
        if let `protocol` { fields["protocol"] = .string(`protocol`) }
        if let port { fields["port"] = .int(port) }
        if let appProtocol { fields["appProtocol"] = .string(appProtocol) }
        return .object(fields)
    }

    /// The key `portsInOrder` sorts on: the MD5 of go-spew's rendering of the Go struct.
    var hashKey: String {
        GoSpewHash.md5(
            "(v1.EndpointPort){Name:\(GoSpewHash.pointer("string", name)) Protocol:\(GoSpewHash.pointer("v1.Protocol", `protocol`)) "
                + "Port:\(GoSpewHash.pointer("int32", port.map(String.init))) AppProtocol:\(GoSpewHash.pointer("string", appProtocol))}")
    }

    /// Ports in the controller's order (`NewPortMapKey` sorts them in place); the sorted list is also the key
    /// slices are grouped by.
    static func ordered(_ ports: [SlicePort]) -> [SlicePort] { ports.sorted { $0.hashKey < $1.hashKey } }
}

/// A discovery/v1 `Endpoint` as the EndpointSlice controller writes it (`podToEndpoint`).
struct SliceEndpoint: Hashable, Sendable {
    var addresses: [String]
    var ready: Bool?
    var serving: Bool?
    var terminating: Bool?
    var hostname: String?
    var targetRef: EndpointTargetRef?
    var nodeName: String?
    var zone: String?

    init(
        addresses: [String], ready: Bool?, serving: Bool?, terminating: Bool?, hostname: String?, targetRef: EndpointTargetRef?,
        nodeName: String?, zone: String?
    ) {
        self.addresses = addresses
        self.ready = ready
        self.serving = serving
        self.terminating = terminating
        self.hostname = hostname
        self.targetRef = targetRef
        self.nodeName = nodeName
        self.zone = zone
    }

    init(json: JSONValue) {
        addresses = (json["addresses"]?.arrayValue ?? []).compactMap(\.stringValue)
        ready = json[["conditions", "ready"]]?.boolValue
        serving = json[["conditions", "serving"]]?.boolValue
        terminating = json[["conditions", "terminating"]]?.boolValue
        hostname = json["hostname"]?.stringValue
        targetRef = json["targetRef"].map(EndpointTargetRef.init(json:))
        nodeName = json["nodeName"]?.stringValue
        zone = json["zone"]?.stringValue
    }

    var json: JSONValue {
        var conditions: [String: JSONValue] = [:]
        if let ready { conditions["ready"] = .bool(ready) }
        if let serving { conditions["serving"] = .bool(serving) }
        if let terminating { conditions["terminating"] = .bool(terminating) }
        var fields: [String: JSONValue] = ["addresses": .array(addresses.map(JSONValue.string)), "conditions": .object(conditions)]
        if let hostname { fields["hostname"] = .string(hostname) }
        if let targetRef { fields["targetRef"] = targetRef.json }
        if let nodeName { fields["nodeName"] = .string(nodeName) }
        if let zone { fields["zone"] = .string(zone) }
        return .object(fields)
    }

    /// What identifies an endpoint across syncs (`hashEndpoint`): its addresses, hostname and pod; everything
    /// else may change in place.
    var identity: [String] {
        addresses.sorted() + ["\u{0}", hostname ?? "", targetRef?.namespace ?? "", targetRef?.name ?? ""]
    }

    /// `EndpointsEqualBeyondHash`: node, zone, conditions and pod reference (its resourceVersion aside).
    func equalsBeyondIdentity(_ other: SliceEndpoint) -> Bool {
        nodeName == other.nodeName && zone == other.zone && ready == other.ready && serving == other.serving
            && terminating == other.terminating && targetRef == other.targetRef
    }
}

/// The metadata every slice of a service carries (`newEndpointSlice`, `setEndpointSliceLabels`).
enum EndpointSliceMetadata {
    static let serviceNameLabel = "kubernetes.io/service-name"
    static let managedByLabel = "endpointslice.kubernetes.io/managed-by"
    static let controllerName = "endpointslice-controller.k8s.io"
    static let reservedLabels: Set<String> = [serviceNameLabel, managedByLabel, EndpointsController.headlessLabel]

    /// The labels a slice of `service` should carry, and whether its own non-reserved labels differ from the
    /// service's (a change of only the headless label does not count, as upstream).
    static func labels(from current: [String: String], for service: KubeObject) -> (labels: [String: String], changed: Bool) {
        let own = current.filter { !reservedLabels.contains($0.key) }
        var labels = service.labels.filter { !reservedLabels.contains($0.key) }
        let changed = own != labels
        labels[EndpointsController.headlessLabel] = ServiceEndpointRules.hasClusterIP(service) ? nil : ""
        labels[serviceNameLabel] = service.name
        labels[managedByLabel] = controllerName
        return (labels, changed)
    }

    /// The controller reference to the service (`metav1.NewControllerRef`).
    static func ownerReference(_ service: KubeObject) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "Service", "name": .string(service.name), "uid": .string(service.uid ?? ""),
            "controller": true, "blockOwnerDeletion": true,
        ]
    }

    /// Whether the slice names the service as an owner (`ownedBy`).
    static func isOwned(_ slice: KubeObject, by service: KubeObject) -> Bool {
        slice.ownerReferences.contains {
            $0["uid"]?.stringValue == service.uid && $0["kind"]?.stringValue == "Service" && $0["apiVersion"]?.stringValue == "v1"
        }
    }

    /// `getEndpointSlicePrefix`: `<service>-`, or the bare name when the dash would make it too long.
    static func generateName(_ service: KubeObject) -> String {
        service.name.count + 1 > 253 ? service.name : service.name + "-"
    }
}
