import Foundation
import KubeAPI

/// kubectl's describers of core/v1 kinds: namespaces, services, endpoints, config maps, secrets, service
/// accounts and resource quotas.
extension DescribeContext {
    func describeNamespace(_ namespace: KubeObject) async throws -> String {
        let quotas = await list(BuiltinResources.resourceQuotas, namespace: namespace.name)
        let limitRanges = await list(BuiltinResources.limitRanges, namespace: namespace.name)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(namespace.name)\n")
        w.labels("Labels", namespace.labels)
        w.annotations("Annotations", namespace.annotations)
        w.write(0, "Status:\t\(namespace.json[["status", "phase"]]?.stringValue ?? "")\n")
        let conditions = namespace.json[["status", "conditions"]]?.arrayValue ?? []
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n")
            w.write(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
            w.write(1, "----\t------\t------------------\t------\t-------\n")
            for condition in conditions {
                w.write(1, "\(condition["type"]?.goText ?? "")\t\(condition["status"]?.goText ?? "")\t\(DescribeTime.rfc1123(condition["lastTransitionTime"]?.stringValue))\t\(condition["reason"]?.stringValue ?? "")\t\(condition["message"]?.stringValue ?? "")\n")
            }
        }
        w.write(0, "\n")
        if quotas.isEmpty {
            w.write(0, "No resource quota.\n")
        } else {
            w.write(0, "Resource Quotas\n")
            for quota in quotas.sorted(by: { $0.name < $1.name }) {
                w.write(1, "Name:\t\(quota.name)\n")
                let scopes = (quota.json[["spec", "scopes"]]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
                if !scopes.isEmpty {
                    w.write(1, "Scopes:\t\(scopes.joined(separator: ", "))\n")
                    for scope in scopes { if let help = Self.quotaScopeHelp(scope) { w.write(1, "* \(help)\n") } }
                }
                w.write(1, "Resource\tUsed\tHard\n")
                w.write(1, "--------\t---\t---\n")
                let hard = quota.json[["status", "hard"]]?.objectValue ?? [:]
                let used = quota.json[["status", "used"]]?.objectValue ?? [:]
                for name in hard.keys.sorted() {
                    w.write(1, "\(name)\t\(Self.quantity(used[name]))\t\(Self.quantity(hard[name]))\n")
                }
            }
        }
        w.write(0, "\n")
        if limitRanges.isEmpty {
            w.write(0, "No LimitRange resource.\n")
        } else {
            w.write(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
            w.write(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
            for range in limitRanges { Self.limitRangeItems(range, prefix: " ", into: &w) }
        }
        return w.finish()
    }

    /// `describeLimitRangeSpec`: one row per limit type and resource (kubectl's order is a map's, random; sorted here).
    static func limitRangeItems(_ range: KubeObject, prefix: String, into w: inout DescribeWriter) {
        for item in range.json[["spec", "limits"]]?.arrayValue ?? [] {
            let columns = ["min", "max", "defaultRequest", "default", "maxLimitRequestRatio"].map { item[$0]?.objectValue ?? [:] }
            let names = Set(columns.flatMap(\.keys)).sorted()
            for name in names {
                let values = columns.map { $0[name].map { quantity($0) } ?? "-" }
                w.write(0, "\(prefix)\(item["type"]?.stringValue ?? "")\t\(name)\t\(values.joined(separator: "\t"))\n")
            }
        }
    }

    static func quotaScopeHelp(_ scope: String) -> String? {
        switch scope {
        case "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system."
        case "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate."
        case "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort quality of service."
        case "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service."
        default: nil
        }
    }

    /// A quantity as `Quantity.String()` prints it; `0` when missing.
    static func quantity(_ value: JSONValue?) -> String {
        guard let value else { return "0" }
        return Quantity(json: value)?.canonical ?? value.goText
    }

    func describeResourceQuota(_ quota: KubeObject) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(quota.name)\n")
        w.write(0, "Namespace:\t\(quota.namespace ?? "")\n")
        let scopes = (quota.json[["spec", "scopes"]]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
        if !scopes.isEmpty {
            w.write(0, "Scopes:\t\(scopes.joined(separator: ", "))\n")
            for scope in scopes { if let help = Self.quotaScopeHelp(scope) { w.write(0, " * \(help)\n") } }
        }
        w.write(0, "Resource\tUsed\tHard\n")
        w.write(0, "--------\t----\t----\n")
        let hard = quota.json[["status", "hard"]]?.objectValue ?? [:]
        let used = quota.json[["status", "used"]]?.objectValue ?? [:]
        for name in hard.keys.sorted() {
            let hardQuantity = Quantity(json: hard[name])
            var usedText = Self.quantity(used[name])
            if let hardQuantity, let usedQuantity = Quantity(json: used[name]) ?? Quantity("0"), usedQuantity.format != hardQuantity.format {
                var rounded = Decimal()
                var value = usedQuantity.value
                NSDecimalRound(&rounded, &value, 0, .up)
                usedText = Quantity(value: rounded, format: hardQuantity.format).canonical
            }
            w.write(0, "\(name)\t\(usedText)\t\(Self.quantity(hard[name]))\n")
        }
        return w.finish()
    }

    func describeService(_ service: KubeObject) async -> String {
        let slices = await list(
            BuiltinResources.endpointSlices, namespace: service.namespace, selector: "kubernetes.io/service-name=\(service.name)")
        let events = await self.events(about: service)
        let spec = service.json["spec"] ?? .emptyObject
        var w = DescribeWriter()
        w.write(0, "Name:\t\(service.name)\n")
        w.write(0, "Namespace:\t\(service.namespace ?? "")\n")
        w.labels("Labels", service.labels)
        w.annotations("Annotations", service.annotations)
        w.write(0, "Selector:\t\(LabelFormatting.labels(spec["selector"]))\n")
        w.write(0, "Type:\t\(spec["type"]?.stringValue ?? "")\n")
        if let policy = spec["ipFamilyPolicy"]?.stringValue { w.write(0, "IP Family Policy:\t\(policy)\n") }
        let families = (spec["ipFamilies"]?.arrayValue ?? []).compactMap(\.stringValue)
        w.write(0, "IP Families:\t\(families.isEmpty ? "<none>" : families.joined(separator: ","))\n")
        w.write(0, "IP:\t\(spec["clusterIP"]?.stringValue ?? "")\n")
        let clusterIPs = (spec["clusterIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        w.write(0, "IPs:\t\(clusterIPs.isEmpty ? "<none>" : clusterIPs.joined(separator: ","))\n")
        let external = (spec["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        if !external.isEmpty { w.write(0, "External IPs:\t\(external.joined(separator: ","))\n") }
        if let ip = spec["loadBalancerIP"]?.stringValue, !ip.isEmpty { w.write(0, "Desired LoadBalancer IP:\t\(ip)\n") }
        if let name = spec["externalName"]?.stringValue, !name.isEmpty { w.write(0, "External Name:\t\(name)\n") }
        let ingress = service.json[["status", "loadBalancer", "ingress"]]?.arrayValue ?? []
        if !ingress.isEmpty {
            let text = ingress.map { entry -> String in
                if let ip = entry["ip"]?.stringValue, !ip.isEmpty {
                    return ip + (entry["ipMode"]?.stringValue.map { " (\($0))" } ?? "")
                }
                return entry["hostname"]?.stringValue ?? ""
            }
            w.write(0, "LoadBalancer Ingress:\t\(text.joined(separator: ", "))\n")
        }
        for port in spec["ports"]?.arrayValue ?? [] {
            let portName = port["name"]?.stringValue ?? ""
            let name = portName.isEmpty ? "<unset>" : portName
            let proto = port["protocol"]?.stringValue ?? ""
            w.write(0, "Port:\t\(name)\t\(port["port"]?.intValue ?? 0)/\(proto)\n")
            w.write(0, "TargetPort:\t\(port["targetPort"]?.goText ?? "0")/\(proto)\n")
            if let nodePort = port["nodePort"]?.intValue, nodePort != 0 { w.write(0, "NodePort:\t\(name)\t\(nodePort)/\(proto)\n") }
            w.write(0, "Endpoints:\t\(Self.endpoints(slices, portName: portName))\n")
        }
        w.write(0, "Session Affinity:\t\(spec["sessionAffinity"]?.stringValue ?? "")\n")
        if let policy = spec["externalTrafficPolicy"]?.stringValue, !policy.isEmpty {
            w.write(0, "External Traffic Policy:\t\(policy)\n")
        }
        if let policy = spec["internalTrafficPolicy"]?.stringValue { w.write(0, "Internal Traffic Policy:\t\(policy)\n") }
        if let port = spec["healthCheckNodePort"]?.intValue, port != 0 { w.write(0, "HealthCheck NodePort:\t\(port)\n") }
        let ranges = (spec["loadBalancerSourceRanges"]?.arrayValue ?? []).compactMap(\.stringValue)
        if !ranges.isEmpty { w.write(0, "LoadBalancer Source Ranges:\t\(ranges.joined(separator: ","))\n") }
        w.events(events, now: now)
        return w.finish()
    }

    /// `formatEndpointSlices`: the ready endpoints of one port name as `ip:port`, three at most then `+ N more...`.
    static func endpoints(_ slices: [KubeObject], portName: String?) -> String {
        guard !slices.isEmpty else { return "<none>" }
        var list: [String] = []
        var count = 0
        var more = false
        for slice in slices {
            let endpoints = slice.json["endpoints"]?.arrayValue ?? []
            let ports = slice.json["ports"]?.arrayValue ?? []
            func add(_ endpoint: JSONValue, port: Int64?) {
                if list.count == 3 { more = true }
                guard endpoint[["conditions", "ready"]]?.boolValue ?? true else { return }
                let address = endpoint["addresses"]?.arrayValue?.first?.stringValue ?? ""
                if !more {
                    list.append(port.map { address.contains(":") ? "[\(address)]:\($0)" : "\(address):\($0)" } ?? address)
                }
                count += 1
            }
            if ports.isEmpty {
                for endpoint in endpoints { add(endpoint, port: nil) }
            } else {
                for port in ports where portName == nil || (port["name"]?.stringValue ?? "") == portName {
                    for endpoint in endpoints { add(endpoint, port: port["port"]?.intValue ?? 0) }
                }
            }
        }
        let text = list.joined(separator: ",")
        return more ? "\(text) + \(count - 3) more..." : text
    }

    func describeEndpoints(_ endpoints: KubeObject) async -> String {
        let events = await self.events(about: endpoints)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(endpoints.name)\n")
        w.write(0, "Namespace:\t\(endpoints.namespace ?? "")\n")
        w.labels("Labels", endpoints.labels)
        w.annotations("Annotations", endpoints.annotations)
        w.write(0, "Subsets:\n")
        for subset in endpoints.json["subsets"]?.arrayValue ?? [] {
            for (title, key) in [("Addresses", "addresses"), ("NotReadyAddresses", "notReadyAddresses")] {
                let addresses = (subset[key]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }.joined(separator: ",")
                w.write(1, "\(title):\t\(addresses.isEmpty ? "<none>" : addresses)\n")
            }
            let ports = subset["ports"]?.arrayValue ?? []
            if !ports.isEmpty {
                w.write(1, "Ports:\n")
                w.write(2, "Name\tPort\tProtocol\n")
                w.write(2, "----\t----\t--------\n")
                for port in ports {
                    let name = port["name"]?.stringValue ?? ""
                    w.write(2, "\(name.isEmpty ? "<unset>" : name)\t\(port["port"]?.intValue ?? 0)\t\(port["protocol"]?.stringValue ?? "")\n")
                }
            }
            w.write(0, "\n")
        }
        w.events(events, now: now)
        return w.finish()
    }

    func describeConfigMap(_ configMap: KubeObject) async -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(configMap.name)\n")
        w.write(0, "Namespace:\t\(configMap.namespace ?? "")\n")
        w.labels("Labels", configMap.labels)
        w.annotations("Annotations", configMap.annotations)
        // kubectl ranges over a Go map here, so its key order varies from run to run; sorted here.
        w.write(0, "\nData\n====\n")
        let data = configMap.json["data"]?.stringMap ?? [:]
        for key in data.keys.sorted() {
            w.write(0, "\(key):\n----\n")
            w.write(0, "\(data[key]!)\n")
            w.write(0, "\n")
        }
        w.write(0, "\nBinaryData\n====\n")
        let binary = configMap.json["binaryData"]?.stringMap ?? [:]
        for key in binary.keys.sorted() {
            w.write(0, "\(key): \(Data(base64Encoded: binary[key]!)?.count ?? 0) bytes\n")
        }
        w.write(0, "\n")
        w.events(await events(about: configMap), now: now)
        return w.finish()
    }

    func describeSecret(_ secret: KubeObject) -> String {
        var w = DescribeWriter()
        w.write(0, "Name:\t\(secret.name)\n")
        w.write(0, "Namespace:\t\(secret.namespace ?? "")\n")
        w.labels("Labels", secret.labels)
        w.annotations("Annotations", secret.annotations)
        let type = secret.json["type"]?.stringValue ?? ""
        w.write(0, "\nType:\t\(type)\n")
        w.write(0, "\nData\n====\n")
        let data = secret.json["data"]?.stringMap ?? [:]
        for key in data.keys.sorted() {
            let bytes = Data(base64Encoded: data[key]!) ?? Data()
            if key == "token" && type == "kubernetes.io/service-account-token" {
                w.write(0, "\(key):\t\(String(decoding: bytes, as: UTF8.self))\n")
            } else {
                w.write(0, "\(key):\t\(bytes.count) bytes\n")
            }
        }
        return w.finish()
    }

    func describeServiceAccount(_ account: KubeObject) async -> String {
        let secrets = await list(BuiltinResources.secrets, namespace: account.namespace)
        let existing = Set(secrets.map(\.name))
        let tokens = secrets.filter {
            $0.json["type"]?.stringValue == "kubernetes.io/service-account-token"
                && $0.annotations["kubernetes.io/service-account.name"] == account.name
                && $0.annotations["kubernetes.io/service-account.uid"] == account.uid
        }.map(\.name)
        let pull = (account.json["imagePullSecrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let mountable = (account.json["secrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        let events = await self.events(about: account)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(account.name)\n")
        w.write(0, "Namespace:\t\(account.namespace ?? "")\n")
        w.labels("Labels", account.labels)
        w.annotations("Annotations", account.annotations)
        for (header, names, checked) in [
            ("Image pull secrets:", pull, true), ("Mountable secrets: ", mountable, true), ("Tokens:            ", tokens, false),
        ] {
            guard !names.isEmpty else {
                w.write(0, "\(header)\t<none>\n")
                continue
            }
            var prefix = header
            for name in names {
                w.write(0, "\(prefix)\t\(name)\(checked && !existing.contains(name) ? " (not found)" : "")\n")
                prefix = "                   "
            }
        }
        w.events(events, now: now)
        return w.finish()
    }
}
