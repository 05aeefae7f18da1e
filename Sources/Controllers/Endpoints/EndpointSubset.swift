import KubeAPI

/// A core/v1 `ObjectReference` as the endpoints controllers write it (`targetRef`): to a pod.
struct EndpointTargetRef: Hashable, Sendable {
    var kind = "Pod"
    var namespace = ""
    var name = ""
    var uid = ""
    var apiVersion = ""
    var fieldPath = ""

    init(pod: KubeObject) {
        namespace = pod.namespace ?? ""
        name = pod.name
        uid = pod.uid ?? ""
    }

    /// Reads a stored reference; its resourceVersion is dropped, as the controllers ignore it when comparing.
    init(json: JSONValue) {
        kind = json["kind"]?.stringValue ?? ""
        namespace = json["namespace"]?.stringValue ?? ""
        name = json["name"]?.stringValue ?? ""
        uid = json["uid"]?.stringValue ?? ""
        apiVersion = json["apiVersion"]?.stringValue ?? ""
        fieldPath = json["fieldPath"]?.stringValue ?? ""
    }

    var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        for (key, value) in [("kind", kind), ("namespace", namespace), ("name", name), ("uid", uid), ("apiVersion", apiVersion), ("fieldPath", fieldPath)]
        where !value.isEmpty {
            fields[key] = .string(value)
        }
        return .object(fields)
    }

    var spew: String {
        "{Kind:(string)\(kind) Namespace:(string)\(namespace) Name:(string)\(name) UID:(types.UID)\(uid) "
            + "APIVersion:(string)\(apiVersion) ResourceVersion:(string) FieldPath:(string)\(fieldPath)}"
    }
}

/// A core/v1 `EndpointPort`.
struct EndpointPort: Hashable, Sendable {
    var name: String
    var port: Int64
    var `protocol`: String
    var appProtocol: String?

    init(name: String, port: Int64, protocol: String, appProtocol: String?) {
        self.name = name
        self.port = port
        self.protocol = `protocol`
        self.appProtocol = appProtocol
    }

    init(json: JSONValue) {
        name = json["name"]?.stringValue ?? ""
        port = json["port"]?.intValue ?? 0
        `protocol` = json["protocol"]?.stringValue ?? ""
        appProtocol = json["appProtocol"]?.stringValue
    }

    var json: JSONValue {
        var fields: [String: JSONValue] = ["port": .int(port)]
        if !name.isEmpty { fields["name"] = .string(name) }
        if !`protocol`.isEmpty { fields["protocol"] = .string(`protocol`) }
        if let appProtocol { fields["appProtocol"] = .string(appProtocol) }
        return .object(fields)
    }

    var spew: String {
        "{Name:(string)\(name) Port:(int32)\(port) Protocol:(v1.Protocol)\(`protocol`) "
            + "AppProtocol:\(GoSpewHash.pointer("string", appProtocol))}"
    }

    /// The key `portsByHash` sorts on.
    var hashKey: String { GoSpewHash.md5("(v1.EndpointPort)" + spew) }
}

/// A core/v1 `EndpointAddress`.
struct EndpointAddress: Hashable, Sendable {
    var ip: String
    var hostname = ""
    var nodeName: String?
    var targetRef: EndpointTargetRef?

    init(ip: String, hostname: String, nodeName: String?, targetRef: EndpointTargetRef?) {
        self.ip = ip
        self.hostname = hostname
        self.nodeName = nodeName
        self.targetRef = targetRef
    }

    init(json: JSONValue) {
        ip = json["ip"]?.stringValue ?? ""
        hostname = json["hostname"]?.stringValue ?? ""
        nodeName = json["nodeName"]?.stringValue
        targetRef = json["targetRef"].map(EndpointTargetRef.init(json:))
    }

    var json: JSONValue {
        var fields: [String: JSONValue] = ["ip": .string(ip)]
        if !hostname.isEmpty { fields["hostname"] = .string(hostname) }
        if let nodeName { fields["nodeName"] = .string(nodeName) }
        if let targetRef { fields["targetRef"] = targetRef.json }
        return .object(fields)
    }

    var spew: String {
        "{IP:(string)\(ip) Hostname:(string)\(hostname) NodeName:\(GoSpewHash.pointer("string", nodeName)) "
            + "TargetRef:\(GoSpewHash.pointer("v1.ObjectReference", targetRef?.spew))}"
    }

    /// Addresses are deduplicated by IP and pod uid.
    var identity: [String] { [ip, targetRef?.uid ?? ""] }

    /// `LessEndpointAddress`: by IP bytes, then an address without a target first, then by uid.
    static func precedes(_ a: EndpointAddress, _ b: EndpointAddress) -> Bool {
        if a.ip != b.ip { return Array(a.ip.utf8).lexicographicallyPrecedes(b.ip.utf8) }
        guard let right = b.targetRef else { return false }
        guard let left = a.targetRef else { return true }
        return Array(left.uid.utf8).lexicographicallyPrecedes(right.uid.utf8)
    }
}

/// A core/v1 `EndpointSubset`. Empty lists stand for Go's nil ones (the JSON omits them).
struct EndpointSubset: Hashable, Sendable {
    var addresses: [EndpointAddress] = []
    var notReadyAddresses: [EndpointAddress] = []
    var ports: [EndpointPort] = []

    init(addresses: [EndpointAddress], notReadyAddresses: [EndpointAddress], ports: [EndpointPort]) {
        self.addresses = addresses
        self.notReadyAddresses = notReadyAddresses
        self.ports = ports
    }

    init(json: JSONValue) {
        addresses = (json["addresses"]?.arrayValue ?? []).map(EndpointAddress.init(json:))
        notReadyAddresses = (json["notReadyAddresses"]?.arrayValue ?? []).map(EndpointAddress.init(json:))
        ports = (json["ports"]?.arrayValue ?? []).map(EndpointPort.init(json:))
    }

    var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        if !addresses.isEmpty { fields["addresses"] = .array(addresses.map(\.json)) }
        if !notReadyAddresses.isEmpty { fields["notReadyAddresses"] = .array(notReadyAddresses.map(\.json)) }
        if !ports.isEmpty { fields["ports"] = .array(ports.map(\.json)) }
        return .object(fields)
    }

    /// The key `subsetsByHash` sorts on.
    var hashKey: String {
        func list(_ items: [String]) -> [String]? { items.isEmpty ? nil : items }
        return GoSpewHash.md5(
            "(v1.EndpointSubset){Addresses:" + GoSpewHash.slice("v1.EndpointAddress", list(addresses.map(\.spew)))
                + " NotReadyAddresses:" + GoSpewHash.slice("v1.EndpointAddress", list(notReadyAddresses.map(\.spew)))
                + " Ports:" + GoSpewHash.slice("v1.EndpointPort", list(ports.map(\.spew))) + "}")
    }
}
