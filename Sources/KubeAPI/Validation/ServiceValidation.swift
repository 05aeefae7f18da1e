/// Services (core `ValidateService`, `ValidateServiceUpdate`): DNS-1035 names, ports, type, session affinity,
/// cluster IPs and IP families, traffic policies.
enum ServiceValidation {
    private static let protocols = ["SCTP", "TCP", "UDP"]
    private static let types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]

    static func validate(_ service: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(service.metadata, namespaced: true, name: NameRules.dns1035LabelName)
        let spec = service.json.object("spec")
        let path: FieldPath = "spec"
        let type = spec.text("type")
        let clusterIPs = effectiveClusterIPs(spec)
        let headless = clusterIPs == ["None"]
        let ports = spec.list("ports")
        if ports.isEmpty && !headless && type != "ExternalName" { errors.append(.required(path.child("ports"))) }
        switch type {
        case "LoadBalancer", "NodePort":
            if headless {
                errors.append(.invalid(path.child("clusterIPs").index(0), string: "None", "may not be set to 'None' for \(type) services"))
            }
        case "ExternalName":
            if !clusterIPs.isEmpty { errors.append(.forbidden(path.child("clusterIPs"), "may not be set for ExternalName services")) }
            if !spec.list("ipFamilies").isEmpty { errors.append(.forbidden(path.child("ipFamilies"), "may not be set for ExternalName services")) }
            if spec.has("ipFamilyPolicy") { errors.append(.forbidden(path.child("ipFamilyPolicy"), "may not be set for ExternalName services")) }
            let cname = spec.text("externalName").hasSuffix(".") ? String(spec.text("externalName").dropLast()) : spec.text("externalName")
            if cname.isEmpty {
                errors.append(.required(path.child("externalName")))
            } else {
                errors += NameRules.isDNS1123Subdomain(cname).map { .invalid(path.child("externalName"), string: cname, $0) }
            }
        default:
            break
        }
        var names: Set<String> = []
        for (index, port) in ports.enumerated() {
            errors += validatePort(port, requireName: ports.count > 1, names: &names, path.child("ports").index(index))
        }
        if let selector = spec.textMap("selector") { errors += LabelRules.validateLabels(selector, path.child("selector")) }
        let affinity = spec.text("sessionAffinity")
        if affinity.isEmpty {
            errors.append(.required(path.child("sessionAffinity")))
        } else if affinity != "ClientIP" && affinity != "None" {
            errors.append(.notSupported(path.child("sessionAffinity"), string: affinity, ["ClientIP", "None"]))
        }
        if affinity == "ClientIP" {
            errors += clientIPConfig(spec["sessionAffinityConfig"], path.child("sessionAffinityConfig"))
        } else if affinity == "None" && spec.has("sessionAffinityConfig") {
            errors.append(.forbidden(path.child("sessionAffinityConfig"), "must not be set when session affinity is None"))
        }
        errors += clusterIPRules(spec, clusterIPs: clusterIPs)
        for (index, ip) in spec.texts("externalIPs").enumerated() {
            let ipErrors = NetworkRules.validateIP(ip, path.child("externalIPs").index(index))
            errors += ipErrors.isEmpty ? NetworkRules.validateNonSpecialIP(ip, path.child("externalIPs").index(index)) : ipErrors
        }
        if type.isEmpty {
            errors.append(.required(path.child("type")))
        } else if !types.contains(type) {
            errors.append(.notSupported(path.child("type"), string: type, types))
        }
        if type == "ClusterIP" {
            for (index, port) in ports.enumerated() where (port.integer("nodePort") ?? 0) != 0 {
                errors.append(.forbidden(path.child("ports").index(index).child("nodePort"), "may not be used when `type` is 'ClusterIP'"))
            }
        }
        var nodePorts: Set<String> = []
        for (index, port) in ports.enumerated() {
            guard let nodePort = port.integer("nodePort"), nodePort != 0 else { continue }
            if !nodePorts.insert("\(port.text("protocol"))/\(nodePort)").inserted {
                errors.append(.duplicate(path.child("ports").index(index).child("nodePort"), String(nodePort)))
            }
        }
        var seen: Set<String> = []
        for (index, port) in ports.enumerated() {
            let number = port.integer("port") ?? 0
            if !seen.insert("\(port.text("protocol"))/\(number)").inserted {
                errors.append(
                    .duplicate(
                        path.child("ports").index(index),
                        "core.ServicePort{Name:\"\", Protocol:\(GoSyntax.string(port.text("protocol"))), AppProtocol:(*string)(nil), Port:\(number), TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}"
                    ))
            }
        }
        let sourceRanges = spec.texts("loadBalancerSourceRanges")
        if !sourceRanges.isEmpty {
            if type != "LoadBalancer" {
                errors.append(.forbidden(path.child("LoadBalancerSourceRanges"), "may only be used when `type` is 'LoadBalancer'"))
            }
            for (index, range) in sourceRanges.enumerated() {
                errors += NetworkRules.validateCIDR(range.trimmingSpaces, path.child("LoadBalancerSourceRanges").index(index))
            }
        }
        if spec.has("allocateLoadBalancerNodePorts") && type != "LoadBalancer" {
            errors.append(.forbidden(path.child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"))
        }
        if type == "LoadBalancer" && !spec.has("allocateLoadBalancerNodePorts") {
            errors.append(.required("allocateLoadBalancerNodePorts"))
        }
        errors += trafficPolicies(spec, type: type, path)
        return errors
    }

    /// `ValidateServiceUpdate`: allocated cluster IPs and IP families may not change (except to or from
    /// ExternalName and headless), then the create rules.
    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
        let spec = new.json.object("spec")
        let oldSpec = old.json.object("spec")
        let external = spec.text("type") == "ExternalName" || oldSpec.text("type") == "ExternalName"
        let newIPs = effectiveClusterIPs(spec)
        let oldIPs = effectiveClusterIPs(oldSpec)
        let bothHeadless = newIPs == ["None"] && oldIPs == ["None"]
        if !external && !bothHeadless {
            let rendered = GoSyntax.strings(newIPs.isEmpty ? nil : newIPs)
            if oldIPs.count == newIPs.count {
                for (index, ip) in oldIPs.enumerated() where ip != newIPs[index] {
                    errors.append(.invalid(FieldPath("spec.clusterIPs").index(index), rendered, "may not change once set"))
                }
            } else if oldIPs.count > newIPs.count {
                if newIPs.isEmpty {
                    errors.append(.invalid(FieldPath("spec.clusterIPs").index(0), rendered, "primary clusterIP can not be unset"))
                } else if newIPs[0] != oldIPs[0] {
                    errors.append(.invalid(FieldPath("spec.clusterIPs").index(0), rendered, "may not change once set"))
                }
                if newIPs.count == 1 && spec["ipFamilyPolicy"]?.stringValue != "SingleStack" {
                    errors.append(
                        .invalid("spec.ipFamilyPolicy", GoSyntax.scalar(spec["ipFamilyPolicy"]), "must be set to 'SingleStack' when releasing the secondary clusterIP"))
                }
            } else if !oldIPs.isEmpty && newIPs[0] != oldIPs[0] {
                errors.append(.invalid(FieldPath("spec.clusterIPs").index(0), rendered, "may not change once set"))
            }
        }
        let newHeadless = newIPs == ["None"]
        if !external && newHeadless == (oldIPs == ["None"]) && !newHeadless {
            let families = spec.texts("ipFamilies")
            let oldFamilies = oldSpec.texts("ipFamilies")
            if families.count == oldFamilies.count && families != oldFamilies {
                let rendered = "[]core.IPFamily{\(families.map(GoSyntax.string).joined(separator: ", "))}"
                errors.append(.invalid(FieldPath("spec.ipFamilies").index(0), rendered, "may not change once set"))
            }
        }
        return errors + validate(new)
    }

    /// `clusterIPs` as the strategy normalizes it: `[clusterIP]` when only `clusterIP` is set.
    static func effectiveClusterIPs(_ spec: JSONValue) -> [String] {
        let clusterIPs = spec.texts("clusterIPs")
        if clusterIPs.isEmpty, let clusterIP = spec["clusterIP"]?.stringValue, !clusterIP.isEmpty { return [clusterIP] }
        return clusterIPs
    }

    private static func validatePort(_ port: JSONValue, requireName: Bool, names: inout Set<String>, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let name = port.text("name")
        if requireName && name.isEmpty {
            errors.append(.required(path.child("name")))
        } else if !name.isEmpty {
            errors += NameRules.isDNS1123Label(name).map { .invalid(path.child("name"), string: name, $0) }
            if !names.insert(name).inserted { errors.append(.duplicate(path.child("name"), GoSyntax.string(name))) }
        }
        let number = port.integer("port") ?? 0
        errors += NameRules.isValidPortNumber(number).map { .invalid(path.child("port"), int: number, $0) }
        let proto = port.text("protocol")
        if proto.isEmpty {
            errors.append(.required(path.child("protocol")))
        } else if !protocols.contains(proto) {
            errors.append(.notSupported(path.child("protocol"), string: proto, protocols))
        }
        errors += ContainerValidation.validatePortNumberOrName(port["targetPort"], path.child("targetPort"))
        if let appProtocol = port["appProtocol"]?.stringValue {
            errors += LabelRules.validateLabelName(appProtocol, path.child("appProtocol"))
        }
        return errors
    }

    private static func clientIPConfig(_ config: JSONValue?, _ path: FieldPath) -> [FieldError] {
        let detail = "when session affinity type is ClientIP"
        guard let config, !config.isNull else { return [.required(path, detail)] }
        guard let clientIP = config["clientIP"], !clientIP.isNull else { return [.required(path.child("clientIP"), detail)] }
        guard let timeout = clientIP.integer("timeoutSeconds") else { return [.required(path.child("clientIP", "timeoutSeconds"), detail)] }
        if timeout <= 0 || timeout > 86400 {
            return [.invalid(path.child("clientIP", "timeoutSeconds"), int: timeout, "must be greater than 0 and less than 86400")]
        }
        return []
    }

    /// `ValidateServiceClusterIPsRelatedFields`.
    private static func clusterIPRules(_ spec: JSONValue, clusterIPs: [String]) -> [FieldError] {
        guard spec.text("type") != "ExternalName" else { return [] }
        var errors: [FieldError] = []
        let path: FieldPath = "spec.clusterIPs"
        let rendered = GoSyntax.strings(clusterIPs)
        let clusterIP = spec.text("clusterIP")
        if !clusterIP.isEmpty {
            if clusterIPs.isEmpty {
                errors.append(.required(path))
            } else if clusterIPs[0] != clusterIP {
                errors.append(.invalid(path, rendered, "first value must match `clusterIP`"))
            }
        } else if !spec.texts("clusterIPs").isEmpty {
            errors.append(.invalid(path, rendered, "must be empty when `clusterIP` is not specified"))
        }
        var families: Set<String> = []
        for (index, family) in spec.texts("ipFamilies").enumerated() {
            if family != "IPv4" && family != "IPv6" {
                errors.append(.notSupported(FieldPath("spec.ipFamilies").index(index), string: family, ["IPv4", "IPv6"]))
            }
            if !families.insert(family).inserted { errors.append(.duplicate(FieldPath("spec.ipFamilies").index(index), GoSyntax.string(family))) }
        }
        if let policy = spec["ipFamilyPolicy"]?.stringValue, !["PreferDualStack", "RequireDualStack", "SingleStack"].contains(policy) {
            errors.append(.notSupported("spec.ipFamilyPolicy", string: policy, ["PreferDualStack", "RequireDualStack", "SingleStack"]))
        }
        var invalid = false
        for (index, ip) in clusterIPs.enumerated() {
            if index == 0 && ip == "None" {
                if clusterIPs.count > 1 {
                    invalid = true
                    errors.append(.invalid(path, rendered, "'None' must be the first and only value"))
                }
                continue
            }
            let ipErrors = NetworkRules.validateIP(ip, path.index(index))
            invalid = invalid || !ipErrors.isEmpty
            errors += ipErrors
        }
        if clusterIPs.count > 2 { errors.append(.invalid(path, rendered, "may only hold up to 2 values")) }
        if invalid { return errors }
        if clusterIPs.count > 1 && Set(clusterIPs.map(NetworkRules.isIPv6)).count != 2 {
            errors.append(.invalid(path, rendered, "may specify no more than one IP for each IP family"))
        }
        let declared = spec.texts("ipFamilies")
        if clusterIPs != ["None"] {
            for (index, ip) in clusterIPs.enumerated() where index < declared.count {
                if declared[index] == "IPv4" && NetworkRules.isIPv6(ip) {
                    errors.append(.invalid(path.index(index), string: ip, "expected an IPv4 value as indicated by `ipFamilies[\(index)]`"))
                }
                if declared[index] == "IPv6" && !NetworkRules.isIPv6(ip) {
                    errors.append(.invalid(path.index(index), string: ip, "expected an IPv6 value as indicated by `ipFamilies[\(index)]`"))
                }
            }
        }
        return errors
    }

    private static func trafficPolicies(_ spec: JSONValue, type: String, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let external = type == "LoadBalancer" || type == "NodePort" || !spec.texts("externalIPs").isEmpty
        let externalPolicy = spec.text("externalTrafficPolicy")
        if !external {
            if !externalPolicy.isEmpty {
                errors.append(.invalid(path.child("externalTrafficPolicy"), string: externalPolicy, "may only be set for externally-accessible services"))
            }
        } else if externalPolicy.isEmpty {
            errors.append(.required(path.child("externalTrafficPolicy")))
        } else if externalPolicy != "Cluster" && externalPolicy != "Local" {
            errors.append(.notSupported(path.child("externalTrafficPolicy"), string: externalPolicy, ["Cluster", "Local"]))
        }
        let healthCheckNodePort = spec.integer("healthCheckNodePort") ?? 0
        if type == "LoadBalancer" && externalPolicy == "Local" {
            if healthCheckNodePort == 0 {
                errors.append(.required(path.child("healthCheckNodePort")))
            } else {
                errors += NameRules.isValidPortNumber(healthCheckNodePort).map { .invalid(path.child("healthCheckNodePort"), int: healthCheckNodePort, $0) }
            }
        } else if healthCheckNodePort != 0 {
            errors.append(
                .invalid(
                    path.child("healthCheckNodePort"), int: healthCheckNodePort,
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"))
        }
        if let internalPolicy = spec["internalTrafficPolicy"]?.stringValue {
            if internalPolicy != "Cluster" && internalPolicy != "Local" {
                errors.append(.notSupported(path.child("internalTrafficPolicy"), string: internalPolicy, ["Cluster", "Local"]))
            }
        } else if ["NodePort", "LoadBalancer", "ClusterIP"].contains(type) {
            errors.append(.required(path.child("internalTrafficPolicy")))
        }
        if let distribution = spec["trafficDistribution"]?.stringValue, distribution != "PreferClose" {
            errors.append(.notSupported(path.child("trafficDistribution"), string: distribution, ["PreferClose"]))
        }
        return errors
    }
}
