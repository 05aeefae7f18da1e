import Foundation

extension KindTable {
    /// `kubectl get services`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR.
    static let services = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Type", description: APIFieldDocs.serviceSpecType),
            TableColumn(name: "Cluster-IP", description: APIFieldDocs.serviceSpecClusterIP),
            TableColumn(name: "External-IP", description: APIFieldDocs.serviceSpecExternalIPs),
            TableColumn(name: "Port(s)", description: APIFieldDocs.serviceSpecPorts),
            .ageColumn,
            TableColumn(name: "Selector", description: APIFieldDocs.serviceSpecSelector, priority: 1),
        ],
        cells: { service, now in
            let spec = service.spec
            let ports = (spec?["ports"]?.arrayValue ?? []).map { port in
                let number = integer(port["port"])
                let nodePort = integer(port["nodePort"])
                let proto = text(port["protocol"])
                return nodePort > 0 ? "\(number):\(nodePort)/\(proto)" : "\(number)/\(proto)"
            }
            return [
                .string(service.name), .string(text(spec?["type"])),
                .string(text(spec?["clusterIPs"]?.arrayValue?.first, or: "<none>")),
                .string(externalIP(service)), .string(ports.isEmpty ? "<none>" : ports.joined(separator: ",")),
                age(service, now), .string(LabelFormatting.labels(spec?["selector"])),
            ]
        })

    /// EXTERNAL-IP: external IPs, load-balancer ingress addresses, `<pending>`, `<none>` or the external name.
    private static func externalIP(_ service: KubeObject) -> String {
        let externalIPs = (service.spec?["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        switch service.spec?["type"]?.stringValue {
        case "ClusterIP", "NodePort":
            return externalIPs.isEmpty ? "<none>" : externalIPs.joined(separator: ",")
        case "LoadBalancer":
            let ingress = loadBalancerAddresses(service.json[["status", "loadBalancer"]])
            if !externalIPs.isEmpty { return (ingress + externalIPs).joined(separator: ",") }
            return ingress.isEmpty ? "<pending>" : ingress.joined(separator: ",")
        case "ExternalName":
            return text(service.spec?["externalName"])
        default:
            return "<unknown>"
        }
    }

    /// The distinct IPs (else hostnames) of a load balancer status's ingress points, sorted.
    static func loadBalancerAddresses(_ status: JSONValue?) -> [String] {
        let addresses = (status?["ingress"]?.arrayValue ?? []).compactMap { point -> String? in
            let ip = text(point["ip"])
            let hostname = text(point["hostname"])
            return !ip.isEmpty ? ip : hostname.isEmpty ? nil : hostname
        }
        return Set(addresses).sorted()
    }

    /// `kubectl get nodes`: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
    /// CONTAINER-RUNTIME.
    static let nodes = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Status", description: "The status of the node"),
            TableColumn(name: "Roles", description: "The roles of the node"),
            .ageColumn,
            TableColumn(name: "Version", description: APIFieldDocs.nodeSystemInfoKubeletVersion),
            TableColumn(name: "Internal-IP", description: APIFieldDocs.nodeStatusAddresses, priority: 1),
            TableColumn(name: "External-IP", description: APIFieldDocs.nodeStatusAddresses, priority: 1),
            TableColumn(name: "OS-Image", description: APIFieldDocs.nodeSystemInfoOsImage, priority: 1),
            TableColumn(name: "Kernel-Version", description: APIFieldDocs.nodeSystemInfoKernelVersion, priority: 1),
            TableColumn(
                name: "Container-Runtime",
                description: APIFieldDocs.nodeSystemInfoContainerRuntimeVersion,
                priority: 1),
        ],
        cells: { node, now in
            let status = node.json["status"]
            var conditions: [String] = []
            if let ready = (status?["conditions"]?.arrayValue ?? []).last(where: { $0["type"] == "Ready" }) {
                conditions.append(ready["status"] == "True" ? "Ready" : "NotReady")
            } else {
                conditions.append("Unknown")
            }
            if node.spec?["unschedulable"]?.boolValue == true { conditions.append("SchedulingDisabled") }
            let roles = Set(
                node.labels.compactMap { key, value -> String? in
                    if key.hasPrefix("node-role.kubernetes.io/") {
                        let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                        return role.isEmpty ? nil : role
                    }
                    return key == "kubernetes.io/role" && !value.isEmpty ? value : nil
                }
            ).sorted()
            let info = status?["nodeInfo"]
            let addresses = status?["addresses"]?.arrayValue ?? []
            func address(_ type: String) -> String {
                addresses.first { $0["type"]?.stringValue == type }?["address"]?.stringValue ?? "<none>"
            }
            return [
                .string(node.name), .string(conditions.joined(separator: ",")),
                .string(roles.isEmpty ? "<none>" : roles.joined(separator: ",")), age(node, now),
                .string(text(info?["kubeletVersion"])), .string(address("InternalIP")), .string(address("ExternalIP")),
                .string(text(info?["osImage"], or: "<unknown>")),
                .string(text(info?["kernelVersion"], or: "<unknown>")),
                .string(text(info?["containerRuntimeVersion"], or: "<unknown>")),
            ]
        })

    /// `kubectl get namespaces`: NAME STATUS AGE.
    static let namespaces = KindTable(
        columns: [.nameColumn, TableColumn(name: "Status", description: "The status of the namespace"), .ageColumn],
        cells: { namespace, now in
            [.string(namespace.name), .string(text(namespace.json[["status", "phase"]])), age(namespace, now)]
        })

    /// `kubectl get endpoints`: NAME ENDPOINTS AGE, with at most three `ip:port` entries and `+ N more...`.
    static let endpoints = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Endpoints", description: APIFieldDocs.endpointsSubsets), .ageColumn,
        ],
        cells: { endpoints, now in
            [.string(endpoints.name), .string(formatEndpoints(endpoints.json["subsets"])), age(endpoints, now)]
        })

    private static func formatEndpoints(_ subsets: JSONValue?) -> String {
        let subsets = subsets?.arrayValue ?? []
        guard !subsets.isEmpty else { return "<none>" }
        let limit = 3
        var list: [String] = []
        var more = false
        var count = 0
        func add(_ addresses: [JSONValue], port: Int64?) {
            count += addresses.count
            for address in addresses {
                if list.count == limit {
                    more = true
                    break
                }
                let ip = text(address["ip"])
                guard let port else {
                    list.append(ip)
                    continue
                }
                list.append(ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)")
            }
        }
        for subset in subsets {
            let addresses = subset["addresses"]?.arrayValue ?? []
            let ports = subset["ports"]?.arrayValue ?? []
            if ports.isEmpty {
                add(addresses, port: nil)
            }
            for port in ports {
                add(addresses, port: integer(port["port"]))
            }
        }
        let joined = list.joined(separator: ",")
        return more ? "\(joined) + \(count - limit) more..." : joined
    }

    /// `kubectl get configmaps`: NAME DATA AGE (DATA counts `data` and `binaryData` keys).
    static let configMaps = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Data", description: APIFieldDocs.configMapData), .ageColumn,
        ],
        cells: { configMap, now in
            let keys =
                (configMap.json["data"]?.objectValue?.count ?? 0)
                + (configMap.json["binaryData"]?.objectValue?.count ?? 0)
            return [.string(configMap.name), .int(Int64(keys)), age(configMap, now)]
        })

    /// `kubectl get secrets`: NAME TYPE DATA AGE.
    static let secrets = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Type", description: APIFieldDocs.secretType),
            TableColumn(name: "Data", description: APIFieldDocs.secretData), .ageColumn,
        ],
        cells: { secret, now in
            [
                .string(secret.name), .string(text(secret.json["type"])),
                .int(Int64(secret.json["data"]?.objectValue?.count ?? 0)), age(secret, now),
            ]
        })

    /// `kubectl get serviceaccounts`: NAME SECRETS AGE.
    static let serviceAccounts = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Secrets", description: APIFieldDocs.serviceAccountSecrets), .ageColumn,
        ],
        cells: { account, now in
            [.string(account.name), .int(Int64(account.json["secrets"]?.arrayValue?.count ?? 0)), age(account, now)]
        })

    /// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN COUNT NAME.
    static let events = KindTable(
        columns: [
            TableColumn(name: "Last Seen", description: APIFieldDocs.eventLastTimestamp),
            TableColumn(name: "Type", description: APIFieldDocs.eventType),
            TableColumn(name: "Reason", description: APIFieldDocs.eventReason),
            TableColumn(name: "Object", description: APIFieldDocs.eventInvolvedObject),
            TableColumn(name: "Subobject", description: APIFieldDocs.objectReferenceFieldPath, priority: 1),
            TableColumn(name: "Source", description: APIFieldDocs.eventSource, priority: 1),
            TableColumn(name: "Message", description: APIFieldDocs.eventMessage),
            TableColumn(name: "First Seen", description: APIFieldDocs.eventFirstTimestamp, priority: 1),
            TableColumn(name: "Count", description: APIFieldDocs.eventCount, priority: 1),
            TableColumn(name: "Name", format: "name", description: APIFieldDocs.objectMetaName, priority: 1),
        ],
        cells: { event, now in
            let json = event.json
            var first = HumanDuration.since(json["firstTimestamp"]?.stringValue, now: now)
            if json["firstTimestamp"]?.stringValue == nil {
                first = HumanDuration.since(json["eventTime"]?.stringValue, now: now)
            }
            var last =
                json["lastTimestamp"]?.stringValue == nil
                ? first : HumanDuration.since(json["lastTimestamp"]?.stringValue, now: now)
            var count = integer(json["count"])
            if let series = json["series"], series.objectValue != nil {
                last = HumanDuration.since(series["lastObservedTime"]?.stringValue, now: now)
                count = integer(series["count"])
            } else if count == 0 {
                count = 1
            }
            let involved = json["involvedObject"]
            let kind = text(involved?["kind"]).lowercased()
            let name = text(involved?["name"])
            let component = text(json[["source", "component"]], or: text(json["reportingComponent"]))
            let host = text(json[["source", "host"]], or: text(json["reportingInstance"]))
            return [
                .string(last), .string(text(json["type"])), .string(text(json["reason"])),
                .string(name.isEmpty ? kind : "\(kind)/\(name)"), .string(text(involved?["fieldPath"])),
                .string(host.isEmpty ? component : "\(component), \(host)"),
                .string(text(json["message"]).trimmingCharacters(in: .whitespacesAndNewlines)), .string(first),
                .int(count), .string(event.name),
            ]
        })

    /// `kubectl get resourcequotas`: NAME REQUEST LIMIT AGE, each `resource: used/hard`.
    static let resourceQuotas = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "Request",
                description: "Request represents a minimum amount of cpu/memory that a container may consume."),
            TableColumn(
                name: "Limit",
                description:
                    "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."
            ),
            .ageColumn,
        ],
        cells: { quota, now in
            let hard = quota.json[["status", "hard"]]?.objectValue ?? [:]
            let used = quota.json[["status", "used"]]
            var requests: [String] = []
            var limits: [String] = []
            for resource in hard.keys.sorted() {
                let entry = "\(resource): \(quantity(used?[resource]))/\(quantity(hard[resource]))"
                let parts = resource.split(separator: ".", omittingEmptySubsequences: false)
                if parts.count > 1, parts[0] == "limits" {
                    limits.append(entry)
                } else {
                    requests.append(entry)
                }
            }
            return [
                .string(quota.name), .string(requests.joined(separator: ", ")), .string(limits.joined(separator: ", ")),
                age(quota, now),
            ]
        })

    /// A resource quantity as stored (`500m`, `1Gi`), `0` when absent.
    static func quantity(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: "\(number)"
        case .double(let number)?: GoFormat.value(.double(number))
        default: "0"
        }
    }
}
