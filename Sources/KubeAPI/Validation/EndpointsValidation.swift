/// Endpoints and Events (core `ValidateEndpoints`, `ValidateEventCreate` for the v1 API).
enum EndpointsValidation {
    static func validateEndpoints(_ endpoints: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(endpoints.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        for (index, subset) in endpoints.json.list("subsets").enumerated() {
            let subsetPath = FieldPath("subsets").index(index)
            let addresses = subset.list("addresses")
            let notReady = subset.list("notReadyAddresses")
            if addresses.isEmpty && notReady.isEmpty {
                errors.append(.required(subsetPath, "must specify `addresses` or `notReadyAddresses`"))
            }
            for (field, list) in [("addresses", addresses), ("notReadyAddresses", notReady)] {
                for (addressIndex, address) in list.enumerated() {
                    errors += validateAddress(address, subsetPath.child(field).index(addressIndex))
                }
            }
            let ports = subset.list("ports")
            for (portIndex, port) in ports.enumerated() {
                errors += validatePort(port, requireName: ports.count > 1, subsetPath.child("ports").index(portIndex))
            }
        }
        return errors
    }

    static func validateEndpointsUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateEndpoints(new)
    }

    private static func validateAddress(_ address: JSONValue, _ path: FieldPath) -> [FieldError] {
        let ip = address.text("ip")
        var errors = NetworkRules.validateIP(ip, path.child("ip"))
        let hostname = address.text("hostname")
        if !hostname.isEmpty { errors += NameRules.isDNS1123Label(hostname).map { .invalid(path.child("hostname"), string: hostname, $0) } }
        if let nodeName = address["nodeName"]?.stringValue {
            errors += NameRules.isDNS1123Subdomain(nodeName).map { .invalid(path.child("nodeName"), string: nodeName, $0) }
        }
        errors += NetworkRules.validateNonSpecialIP(ip, path.child("ip"))
        return errors
    }

    private static func validatePort(_ port: JSONValue, requireName: Bool, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let name = port.text("name")
        if requireName && name.isEmpty {
            errors.append(.required(path.child("name")))
        } else if !name.isEmpty {
            errors += NameRules.isDNS1123Label(name).map { .invalid(path.child("name"), string: name, $0) }
        }
        let number = port.integer("port") ?? 0
        errors += NameRules.isValidPortNumber(number).map { .invalid(path.child("port"), int: number, $0) }
        let proto = port.text("protocol")
        if proto.isEmpty {
            errors.append(.required(path.child("protocol")))
        } else if !["SCTP", "TCP", "UDP"].contains(proto) {
            errors.append(.notSupported(path.child("protocol"), string: proto, ["SCTP", "TCP", "UDP"]))
        }
        return errors
    }

    /// `legacyValidateEvent`: core/v1 Events skip the metadata rules; the involved object's namespace must be the
    /// Event's, and Events with `eventTime` need the reporting fields.
    static func validateEvent(_ event: KubeObject) -> [FieldError] {
        var errors: [FieldError] = []
        let namespace = event.namespace ?? ""
        let involved = event.json.object("involvedObject").text("namespace")
        let mismatch = FieldError.invalid("involvedObject.namespace", string: involved, "does not match event.namespace")
        if !event.json.has("eventTime") {
            if involved.isEmpty ? (namespace != "" && namespace != "default") : namespace != involved {
                errors.append(mismatch)
            }
        } else {
            if involved.isEmpty && namespace != "default" && namespace != "kube-system" { errors.append(mismatch) }
            let controller = event.json.text("reportingComponent")
            if controller.isEmpty { errors.append(.required("reportingComponent")) }
            errors += LabelRules.validateLabelName(controller, "reportingComponent")
            for (field, limit) in [("reportingInstance", 128), ("action", 128), ("reason", 128)] {
                let value = event.json.text(field)
                if value.isEmpty { errors.append(.required(FieldPath(field))) }
                if value.utf8.count > limit { errors.append(.invalid(FieldPath(field), string: "", "can have at most \(limit) characters")) }
            }
            if event.json.text("message").utf8.count > 1024 {
                errors.append(.invalid("message", string: "", "can have at most 1024 characters"))
            }
        }
        errors += NameRules.isDNS1123Subdomain(namespace).map { .invalid("namespace", string: namespace, $0) }
        return errors
    }
}
