import Foundation
import KubeAPI

/// kubectl's node describer: roles, taints, lease, conditions, addresses, capacity, system info, and the
/// requests and limits of the pods that run on the node.
extension DescribeContext {
    func describeNode(_ node: KubeObject) async throws -> String {
        let pods = await list(
            BuiltinResources.pods, namespace: nil,
            fields: "spec.nodeName=\(node.name),status.phase!=Succeeded,status.phase!=Failed")
        var events: [KubeObject]?
        if showEvents {
            // Controllers name a node by its uid, the kubelet by its name.
            let byUID = await DescribeEvents.search(client, name: node.name, namespace: "", kind: "Node", uid: node.uid)
            let byName = await DescribeEvents.search(client, name: node.name, namespace: "", kind: "Node", uid: node.name)
            events = (byUID ?? []) + (byName ?? [])
        }
        let lease = try? await client.get(BuiltinResources.leases, namespace: "kube-node-lease", name: node.name)
        let spec = node.json["spec"] ?? .emptyObject
        let status = node.json["status"] ?? .emptyObject
        var w = DescribeWriter()
        w.write(0, "Name:\t\(node.name)\n")
        var roles = Set<String>()
        for (key, value) in node.labels {
            if key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", !value.isEmpty {
                roles.insert(value)
            }
        }
        w.write(0, "Roles:\t\(roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ","))\n")
        w.labels("Labels", node.labels)
        w.annotations("Annotations", node.annotations)
        w.write(0, "CreationTimestamp:\t\(DescribeTime.rfc1123(node.creationTimestamp))\n")
        let taints = (spec["taints"]?.arrayValue ?? []).sorted {
            let key = { (taint: JSONValue) in (taint["effect"]?.stringValue ?? "") + "," + (taint["key"]?.stringValue ?? "") }
            return key($0) < key($1)
        }
        w.write(0, "Taints:\t")
        if taints.isEmpty { w.line("<none>") }
        for (index, taint) in taints.enumerated() {
            if index != 0 { w.write(0, "\t") }
            w.write(0, Self.taintText(taint) + "\n")
        }
        w.write(0, "Unschedulable:\t\(spec["unschedulable"]?.boolValue == true)\n")
        if let lease {
            w.write(0, "Lease:\n")
            w.write(1, "HolderIdentity:\t\(lease.json[["spec", "holderIdentity"]]?.stringValue ?? "<unset>")\n")
            w.write(1, "AcquireTime:\t\(lease.json[["spec", "acquireTime"]]?.stringValue.map(DescribeTime.rfc1123) ?? "<unset>")\n")
            w.write(1, "RenewTime:\t\(lease.json[["spec", "renewTime"]]?.stringValue.map(DescribeTime.rfc1123) ?? "<unset>")\n")
        } else {
            w.write(0, "Lease:\tFailed to get lease: leases.coordination.k8s.io \"\(node.name)\" not found\n")
        }
        let conditions = status["conditions"]?.arrayValue ?? []
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
            w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
            for c in conditions {
                w.write(1, "\(c["type"]?.goText ?? "") \t\(c["status"]?.goText ?? "") \t\(DescribeTime.rfc1123(c["lastHeartbeatTime"]?.stringValue)) \t\(DescribeTime.rfc1123(c["lastTransitionTime"]?.stringValue)) \t\(c["reason"]?.stringValue ?? "") \t\(c["message"]?.stringValue ?? "")\n")
            }
        }
        w.write(0, "Addresses:\n")
        for address in status["addresses"]?.arrayValue ?? [] {
            w.write(1, "\(address["type"]?.stringValue ?? ""):\t\(address["address"]?.stringValue ?? "")\n")
        }
        for (title, key) in [("Capacity", "capacity"), ("Allocatable", "allocatable")] {
            let list = status[key]?.objectValue ?? [:]
            guard !list.isEmpty else { continue }
            w.write(0, "\(title):\n")
            for name in list.keys.sorted() { w.write(0, "  \(name):\t\(Self.quantity(list[name]))\n") }
        }
        let info = status["nodeInfo"] ?? .emptyObject
        w.write(0, "System Info:\n")
        for (title, key) in [
            ("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
            ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"), ("Operating System", "operatingSystem"),
            ("Architecture", "architecture"), ("Container Runtime Version", "containerRuntimeVersion"),
            ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion"),
        ] {
            w.write(0, "  \(title):\t\(info[key]?.stringValue ?? "")\n")
        }
        if let cidr = spec["podCIDR"]?.stringValue, !cidr.isEmpty { w.write(0, "PodCIDR:\t\(cidr)\n") }
        let cidrs = (spec["podCIDRs"]?.arrayValue ?? []).compactMap(\.stringValue)
        if !cidrs.isEmpty { w.write(0, "PodCIDRs:\t\(cidrs.joined(separator: ","))\n") }
        if let provider = spec["providerID"]?.stringValue, !provider.isEmpty { w.write(0, "ProviderID:\t\(provider)\n") }
        nodeResources(pods, node: node, into: &w)
        w.events(events, now: now)
        return w.finish()
    }

    /// `Taint.ToString`: `key=value:Effect`.
    static func taintText(_ taint: JSONValue) -> String {
        let key = taint["key"]?.stringValue ?? ""
        let value = taint["value"]?.stringValue ?? ""
        let effect = taint["effect"]?.stringValue ?? ""
        var text = value.isEmpty ? key : "\(key)=\(value)"
        if !effect.isEmpty { text += ":\(effect)" }
        return text
    }

    /// `describeNodeResource`: the non-terminated pods' requests and limits, and their totals, against the
    /// node's allocatable resources.
    private func nodeResources(_ pods: [KubeObject], node: KubeObject, into w: inout DescribeWriter) {
        var allocatable = node.json[["status", "allocatable"]]?.objectValue ?? [:]
        if allocatable.isEmpty { allocatable = node.json[["status", "capacity"]]?.objectValue ?? [:] }
        let allocated = { (name: String) in Quantity(json: allocatable[name])?.value ?? 0 }
        func percent(_ value: Decimal, of total: Decimal) -> Int {
            guard total != 0 else { return 0 }
            return Int(truncating: NSDecimalNumber(decimal: value / total * 100).rounding(accordingToBehavior: NSDecimalNumberHandler(roundingMode: .down, scale: 0, raiseOnExactness: false, raiseOnOverflow: false, raiseOnUnderflow: false, raiseOnDivideByZero: false)))
        }
        w.write(0, "Non-terminated Pods:\t(\(pods.count) in total)\n")
        w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
        w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
        var totalRequests: [String: Quantity] = [:]
        var totalLimits: [String: Quantity] = [:]
        for pod in pods {
            let (requests, limits) = PodResources.requestsAndLimits(pod.json["spec"] ?? .emptyObject)
            func cell(_ list: [String: Quantity], _ name: String) -> String {
                let quantity = list[name]
                return "\(quantity?.canonical ?? "0") (\(percent(quantity?.value ?? 0, of: allocated(name)))%)"
            }
            w.write(1, "\(pod.namespace ?? "")\t\(pod.name)\t\t\(cell(requests, "cpu"))\t\(cell(limits, "cpu"))\t\(cell(requests, "memory"))\t\(cell(limits, "memory"))\t\(age(pod.creationTimestamp))\n")
            PodResources.add(requests, to: &totalRequests)
            PodResources.add(limits, to: &totalLimits)
        }
        w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
        w.write(1, "Resource\tRequests\tLimits\n")
        w.write(1, "--------\t--------\t------\n")
        func row(_ name: String) {
            let request = totalRequests[name], limit = totalLimits[name]
            w.write(1, "\(name)\t\(request?.canonical ?? "0") (\(percent(request?.value ?? 0, of: allocated(name)))%)\t\(limit?.canonical ?? "0") (\(percent(limit?.value ?? 0, of: allocated(name)))%)\n")
        }
        for name in ["cpu", "memory", "ephemeral-storage"] { row(name) }
        for name in allocatable.keys.sorted() where name.hasPrefix("hugepages-") { row(name) }
        let standard: Set<String> = ["cpu", "memory", "ephemeral-storage", "storage", "pods"]
        for name in allocatable.keys.sorted() where !name.hasPrefix("hugepages-") && !standard.contains(name) && name.contains("/") {
            w.write(1, "\(name)\t\(totalRequests[name]?.canonical ?? "0")\t\(totalLimits[name]?.canonical ?? "0")\n")
        }
    }
}

/// `resourcehelper.PodRequestsAndLimits`: the containers' sums, raised to any init container's, plus overhead.
enum PodResources {
    static func requestsAndLimits(_ spec: JSONValue) -> (requests: [String: Quantity], limits: [String: Quantity]) {
        var requests: [String: Quantity] = [:]
        var limits: [String: Quantity] = [:]
        for container in spec["containers"]?.arrayValue ?? [] {
            add(list(container[["resources", "requests"]]), to: &requests)
            add(list(container[["resources", "limits"]]), to: &limits)
        }
        for container in spec["initContainers"]?.arrayValue ?? [] {
            for (target, key) in [(0, "requests"), (1, "limits")] {
                for (name, quantity) in list(container[["resources", key]]) {
                    if target == 0 {
                        if quantity.value > (requests[name]?.value ?? -1) { requests[name] = quantity }
                    } else if quantity.value > (limits[name]?.value ?? -1) {
                        limits[name] = quantity
                    }
                }
            }
        }
        let overhead = list(spec["overhead"])
        if !overhead.isEmpty {
            add(overhead, to: &requests)
            for (name, quantity) in overhead where limits[name] != nil { add([name: quantity], to: &limits) }
        }
        return (requests, limits)
    }

    private static func list(_ value: JSONValue?) -> [String: Quantity] {
        (value?.objectValue ?? [:]).compactMapValues { Quantity(json: $0) }
    }

    /// Adds quantities, each sum keeping the format of the first.
    static func add(_ list: [String: Quantity], to total: inout [String: Quantity]) {
        for (name, quantity) in list {
            if let existing = total[name] {
                total[name] = Quantity(value: existing.value + quantity.value, format: existing.format)
            } else {
                total[name] = quantity
            }
        }
    }
}
