/// Ingresses (networking `ValidateIngressCreate`, `ValidateIngressSpec` for networking.k8s.io/v1).
enum IngressValidation {
    private static let invalidSequences = ["//", "/./", "/../", "%2f", "%2F"]

    static func validate(_ ingress: KubeObject) -> [FieldError] {
        var errors = validateIngress(ingress)
        if let annotation = ingress.annotations["kubernetes.io/ingress.class"], ingress.json.object("spec").has("ingressClassName") {
            errors.append(.invalid("annotations.kubernetes.io/ingress.class", string: annotation, "can not be set when the class field is also set"))
        }
        return errors
    }

    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateIngress(new)
    }

    private static func validateIngress(_ ingress: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(ingress.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        let spec = ingress.json.object("spec")
        let path: FieldPath = "spec"
        let rules = spec.list("rules")
        if rules.isEmpty && !spec.has("defaultBackend") {
            errors.append(.invalid(path, "[]networking.IngressRule(nil)", "either `defaultBackend` or `rules` must be specified"))
        }
        if spec.has("defaultBackend") {
            errors += validateBackend(spec.object("defaultBackend"), path.child("defaultBackend"))
        }
        for (index, rule) in rules.enumerated() {
            let rulePath = path.child("rules").index(index)
            let host = rule.text("host")
            if !host.isEmpty {
                if NetworkRules.parseIP(host) != nil {
                    errors.append(.invalid(rulePath.child("host"), string: host, "must be a DNS name, not an IP address"))
                }
                let messages = host.contains("*") ? NameRules.isWildcardDNS1123Subdomain(host) : NameRules.isDNS1123Subdomain(host)
                errors += messages.map { .invalid(rulePath.child("host"), string: host, $0) }
            }
            if let http = rule["http"], !http.isNull {
                let paths = http.list("paths")
                if paths.isEmpty { errors.append(.required(rulePath.child("http", "paths"))) }
                for (pathIndex, httpPath) in paths.enumerated() {
                    errors += validatePath(httpPath, rulePath.child("http", "paths").index(pathIndex))
                }
            }
        }
        for (tlsIndex, tls) in spec.list("tls").enumerated() {
            let tlsPath = path.child("tls").index(tlsIndex)
            for (hostIndex, host) in tls.texts("hosts").enumerated() {
                let messages = host.contains("*") ? NameRules.isWildcardDNS1123Subdomain(host) : NameRules.isDNS1123Subdomain(host)
                errors += messages.map { .invalid(tlsPath.child("hosts").index(hostIndex), string: host, $0) }
            }
            let secretName = tls.text("secretName")
            if !secretName.isEmpty {
                errors += NameRules.isDNS1123Subdomain(secretName).map { .invalid(tlsPath.child("secretName"), string: secretName, $0) }
            }
        }
        if let className = spec["ingressClassName"]?.stringValue {
            errors += NameRules.isDNS1123Subdomain(className).map { .invalid(path.child("ingressClassName"), string: className, $0) }
        }
        return errors
    }

    private static func validatePath(_ httpPath: JSONValue, _ path: FieldPath) -> [FieldError] {
        guard let type = httpPath["pathType"]?.stringValue else { return [.required(path.child("pathType"), "pathType must be specified")] }
        var errors: [FieldError] = []
        let value = httpPath.text("path")
        switch type {
        case "Exact", "Prefix":
            if !value.hasPrefix("/") { errors.append(.invalid(path.child("path"), string: value, "must be an absolute path")) }
            for sequence in invalidSequences where value.contains(sequence) {
                errors.append(.invalid(path.child("path"), string: value, "must not contain '\(sequence)'"))
            }
            for suffix in ["/..", "/."] where value.hasSuffix(suffix) {
                errors.append(.invalid(path.child("path"), string: value, "cannot end with '\(suffix)'"))
            }
        case "ImplementationSpecific":
            if !value.isEmpty && !value.hasPrefix("/") {
                errors.append(.invalid(path.child("path"), string: value, "must be an absolute path"))
            }
        default:
            errors.append(.notSupported(path.child("pathType"), string: type, ["Exact", "ImplementationSpecific", "Prefix"]))
        }
        return errors + validateBackend(httpPath.object("backend"), path.child("backend"))
    }

    /// `validateIngressBackend`: a service (name and port name or number) or a resource, not both.
    private static func validateBackend(_ backend: JSONValue, _ path: FieldPath) -> [FieldError] {
        let hasResource = backend.has("resource")
        let hasService = backend.has("service")
        if hasResource && hasService { return [.invalid(path, string: "", "cannot set both resource and service backends")] }
        if hasResource { return validateResourceReference(backend.object("resource"), path.child("resource")) }
        guard hasService else { return [.invalid(path, string: "", "resource or service backend is required")] }
        var errors: [FieldError] = []
        let service = backend.object("service")
        let name = service.text("name")
        if name.isEmpty {
            errors.append(.required(path.child("service", "name")))
        } else {
            errors += NameRules.isDNS1035Label(name).map { .invalid(path.child("service", "name"), string: name, $0) }
        }
        let port = service.object("port")
        let portName = port.text("name")
        let portNumber = port.integer("number") ?? 0
        if !portName.isEmpty && portNumber != 0 {
            errors.append(.invalid(path, string: "", "cannot set both port name & port number"))
        } else if !portName.isEmpty {
            errors += NameRules.isValidPortName(portName).map { .invalid(path.child("service", "port", "name"), string: portName, $0) }
        } else if portNumber != 0 {
            errors += NameRules.isValidPortNumber(portNumber).map { .invalid(path.child("service", "port", "number"), int: portNumber, $0) }
        } else {
            errors.append(.required(path, "port name or number is required"))
        }
        return errors
    }

    /// A `TypedLocalObjectReference` (`validateIngressTypedLocalObjectReference`): an optional group, a kind and a name.
    static func validateResourceReference(_ reference: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let group = reference["apiGroup"]?.stringValue {
            errors += NameRules.isDNS1123Subdomain(group).map { .invalid(path.child("apiGroup"), string: group, $0) }
        }
        for field in ["kind", "name"] {
            let value = reference.text(field)
            if value.isEmpty {
                errors.append(.required(path.child(field), "\(field) is required"))
            } else {
                errors += NameRules.isValidPathSegmentName(value).map { .invalid(path.child(field), string: value, $0) }
            }
        }
        return errors
    }
}
