import Foundation
import KubeAPI

/// kubectl's describers of ingresses, endpoint slices, storage, disruption budgets and priority classes.
extension DescribeContext {
    func describeIngress(_ ingress: KubeObject) async -> String {
        let events = await self.events(about: ingress)
        let spec = ingress.json["spec"] ?? .emptyObject
        var w = DescribeWriter()
        w.write(0, "Name:\t\(ingress.name)\n")
        w.labels("Labels", ingress.labels)
        w.write(0, "Namespace:\t\(ingress.namespace ?? "")\n")
        let addresses = (ingress.json[["status", "loadBalancer", "ingress"]]?.arrayValue ?? []).map {
            $0["ip"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? $0["hostname"]?.stringValue ?? ""
        }
        w.write(0, "Address:\t\(addresses.joined(separator: ","))\n")
        w.write(0, "Ingress Class:\t\(spec["ingressClassName"]?.stringValue ?? "<none>")\n")
        var defaultBackend = "<default>"
        if let backend = spec["defaultBackend"], backend != .null {
            defaultBackend = await self.backend(backend, namespace: ingress.namespace)
        }
        w.write(0, "Default backend:\t\(defaultBackend)\n")
        let tls = spec["tls"]?.arrayValue ?? []
        if !tls.isEmpty {
            w.write(0, "TLS:\n")
            for entry in tls {
                let hosts = (entry["hosts"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")
                if let secret = entry["secretName"]?.stringValue, !secret.isEmpty {
                    w.write(1, "\(secret) terminates \(hosts)\n")
                } else {
                    w.write(1, "SNI routes \(hosts)\n")
                }
            }
        }
        w.write(0, "Rules:\n  Host\tPath\tBackends\n")
        w.write(1, "----\t----\t--------\n")
        var count = 0
        for rule in spec["rules"]?.arrayValue ?? [] {
            guard let http = rule["http"], http != .null else { continue }
            count += 1
            let host = rule["host"]?.stringValue ?? ""
            w.write(1, "\(host.isEmpty ? "*" : host)\t\n")
            for path in http["paths"]?.arrayValue ?? [] {
                let backend = await self.backend(path["backend"] ?? .emptyObject, namespace: ingress.namespace)
                w.write(2, "\t\(path["path"]?.stringValue ?? "") \t\(backend)\n")
            }
        }
        if count == 0 { w.write(1, "*\t*\t\(defaultBackend)\n") }
        w.annotations("Annotations", ingress.annotations)
        w.events(events, now: now)
        return w.finish()
    }

    /// `describeBackendV1`: `service:port (endpoints)` or the resource backend.
    private func backend(_ backend: JSONValue, namespace: String?) async -> String {
        if let service = backend["service"], service != .null {
            let name = service["name"]?.stringValue ?? ""
            let number = service[["port", "number"]]?.intValue ?? 0
            let portName = service[["port", "name"]]?.stringValue ?? ""
            let label = "\(name):\(number != 0 ? String(number) : portName)"
            guard let object = try? await client.get(BuiltinResources.services, namespace: namespace, name: name) else {
                return "\(label) (<error: services \"\(name)\" not found>)"
            }
            var servicePortName = ""
            for port in object.json[["spec", "ports"]]?.arrayValue ?? [] {
                if number != 0 && number == port["port"]?.intValue || !portName.isEmpty && portName == port["name"]?.stringValue {
                    servicePortName = port["name"]?.stringValue ?? ""
                }
            }
            let slices = await list(BuiltinResources.endpointSlices, namespace: namespace, selector: "kubernetes.io/service-name=\(name)")
            return "\(label) (\(Self.endpoints(slices, portName: servicePortName)))"
        }
        if let resource = backend["resource"], resource != .null {
            return "APIGroup: \(resource["apiGroup"]?.stringValue ?? "<none>"), Kind: \(resource["kind"]?.stringValue ?? ""), Name: \(resource["name"]?.stringValue ?? "")"
        }
        return ""
    }

    func describeIngressClass(_ ingressClass: KubeObject) async -> String {
        let events = await self.events(about: ingressClass)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(ingressClass.name)\n")
        w.labels("Labels", ingressClass.labels)
        w.annotations("Annotations", ingressClass.annotations)
        w.write(0, "Controller:\t\(ingressClass.json[["spec", "controller"]]?.stringValue ?? "")\n")
        if let parameters = ingressClass.json[["spec", "parameters"]], parameters != .null {
            w.write(0, "Parameters:\n")
            if let group = parameters["apiGroup"]?.stringValue { w.write(1, "APIGroup:\t\(group)\n") }
            w.write(1, "Kind:\t\(parameters["kind"]?.stringValue ?? "")\n")
            w.write(1, "Name:\t\(parameters["name"]?.stringValue ?? "")\n")
        }
        w.events(events, now: now)
        return w.finish()
    }

    func describeEndpointSlice(_ slice: KubeObject) async -> String {
        let events = await self.events(about: slice)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(slice.name)\n")
        w.write(0, "Namespace:\t\(slice.namespace ?? "")\n")
        w.labels("Labels", slice.labels)
        w.annotations("Annotations", slice.annotations)
        w.write(0, "AddressType:\t\(slice.json["addressType"]?.stringValue ?? "")\n")
        let ports = slice.json["ports"]?.arrayValue ?? []
        if ports.isEmpty {
            w.write(0, "Ports: <unset>\n")
        } else {
            w.write(0, "Ports:\n")
            w.write(1, "Name\tPort\tProtocol\n")
            w.write(1, "----\t----\t--------\n")
            for port in ports {
                let name = port["name"]?.stringValue ?? ""
                w.write(1, "\(name.isEmpty ? "<unset>" : name)\t\(port["port"]?.intValue.map(String.init) ?? "<unset>")\t\(port["protocol"]?.stringValue ?? "")\n")
            }
        }
        let endpoints = slice.json["endpoints"]?.arrayValue ?? []
        if endpoints.isEmpty {
            w.write(0, "Endpoints: <none>\n")
        } else {
            w.write(0, "Endpoints:\n")
            for endpoint in endpoints {
                let addresses = (endpoint["addresses"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
                w.write(1, "- Addresses:\t\(addresses.isEmpty ? "<none>" : addresses)\n")
                w.write(2, "Conditions:\n")
                w.write(3, "Ready:\t\(endpoint[["conditions", "ready"]]?.boolValue.map { $0 ? "true" : "false" } ?? "<unset>")\n")
                w.write(2, "Hostname:\t\(endpoint["hostname"]?.stringValue ?? "<unset>")\n")
                if let target = endpoint["targetRef"], target != .null {
                    w.write(2, "TargetRef:\t\(target["kind"]?.stringValue ?? "")/\(target["name"]?.stringValue ?? "")\n")
                }
                w.write(2, "NodeName:\t\(endpoint["nodeName"]?.stringValue ?? "<unset>")\n")
                w.write(2, "Zone:\t\(endpoint["zone"]?.stringValue ?? "<unset>")\n")
            }
        }
        w.events(events, now: now)
        return w.finish()
    }

    static func claimClass(_ claim: JSONValue) -> String {
        claim[["spec", "storageClassName"]]?.stringValue
            ?? claim[["metadata", "annotations", "volume.beta.kubernetes.io/storage-class"]]?.stringValue ?? ""
    }

    /// `GetAccessModesAsString`: RWO, ROX, RWX, RWOP, in that order, comma-joined.
    static func accessModes(_ modes: JSONValue?) -> String {
        let present = Set((modes?.arrayValue ?? []).compactMap(\.stringValue))
        return [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")]
            .filter { present.contains($0.0) }.map(\.1).joined(separator: ",")
    }

    func describePersistentVolume(_ volume: KubeObject) async -> String {
        let events = await self.events(about: volume)
        let spec = volume.json["spec"] ?? .emptyObject
        var w = DescribeWriter()
        w.write(0, "Name:\t\(volume.name)\n")
        w.labels("Labels", volume.labels)
        w.annotations("Annotations", volume.annotations)
        w.write(0, "Finalizers:\t[\(volume.finalizers.joined(separator: " "))]\n")
        w.write(0, "StorageClass:\t\(Self.claimClass(volume.json))\n")
        if let deletion = volume.deletionTimestamp {
            w.write(0, "Status:\tTerminating (lasts \(age(deletion)))\n")
        } else {
            w.write(0, "Status:\t\(volume.json[["status", "phase"]]?.stringValue ?? "")\n")
        }
        if let claim = spec["claimRef"], claim != .null {
            w.write(0, "Claim:\t\(claim["namespace"]?.stringValue ?? "")/\(claim["name"]?.stringValue ?? "")\n")
        } else {
            w.write(0, "Claim:\t\n")
        }
        w.write(0, "Reclaim Policy:\t\(spec["persistentVolumeReclaimPolicy"]?.stringValue ?? "")\n")
        w.write(0, "Access Modes:\t\(Self.accessModes(spec["accessModes"]))\n")
        if let mode = spec["volumeMode"]?.stringValue { w.write(0, "VolumeMode:\t\(mode)\n") }
        w.write(0, "Capacity:\t\(Self.quantity(spec[["capacity", "storage"]]))\n")
        w.write(0, "Node Affinity:\t")
        if let required = spec[["nodeAffinity", "required"]], required != .null {
            w.line("")
            let terms = required["nodeSelectorTerms"]?.arrayValue ?? []
            w.write(1, "Required Terms:\t")
            if terms.isEmpty { w.line("<none>") } else { w.line("") }
            for (index, term) in terms.enumerated() {
                w.write(2, "Term \(index):\t")
                let expressions = term["matchExpressions"]?.arrayValue ?? []
                if expressions.isEmpty { w.line("<none>") }
                for (position, expression) in expressions.enumerated() {
                    if position != 0 { w.write(2, "\t") }
                    var text = "\(expression["key"]?.stringValue ?? "") \((expression["operator"]?.stringValue ?? "").lowercased())"
                    let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
                    if !values.isEmpty { text += " [\(values.joined(separator: ", "))]" }
                    w.write(0, text + "\n")
                }
            }
        } else {
            w.line("<none>")
        }
        w.write(0, "Message:\t\(volume.json[["status", "message"]]?.stringValue ?? "")\n")
        w.write(0, "Source:\n")
        if let hostPath = spec["hostPath"], hostPath != .null {
            w.write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t\(hostPath["path"]?.stringValue ?? "")\n    HostPathType:\t\(hostPath["type"]?.stringValue ?? "<none>")\n")
        } else if let local = spec["local"], local != .null {
            w.write(2, "Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t\(local["path"]?.stringValue ?? "")\n")
        } else if let nfs = spec["nfs"], nfs != .null {
            w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t\(nfs["server"]?.stringValue ?? "")\n    Path:\t\(nfs["path"]?.stringValue ?? "")\n    ReadOnly:\t\(nfs["readOnly"]?.boolValue ?? false)\n")
        } else if let csi = spec["csi"], csi != .null {
            w.write(2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t\(csi["driver"]?.stringValue ?? "")\n    FSType:\t\(csi["fsType"]?.stringValue ?? "")\n    VolumeHandle:\t\(csi["volumeHandle"]?.stringValue ?? "")\n    ReadOnly:\t\(csi["readOnly"]?.boolValue ?? false)\n")
            let attributes = csi["volumeAttributes"]?.stringMap ?? [:]
            w.write(2, "VolumeAttributes:\t")
            if attributes.isEmpty { w.line("<none>") }
            for (index, key) in attributes.keys.sorted().enumerated() {
                if index != 0 { w.write(2, "\t") }
                w.write(2, "\(key)=\(attributes[key]!)\n")
            }
        } else {
            w.write(1, "<unknown>\n")
        }
        w.events(events, now: now)
        return w.finish()
    }

    /// `printPersistentVolumeClaim`: a claim's fields; `full` for a claim (not an ephemeral volume's template).
    static func persistentVolumeClaimFields(_ claim: KubeObject, full: Bool, level: Int, into w: inout DescribeWriter) {
        let spec = claim.json["spec"] ?? .emptyObject
        let indent = String(repeating: "  ", count: level)
        if full {
            w.write(level, "Name:\t\(claim.name)\n")
            w.write(level, "Namespace:\t\(claim.namespace ?? "")\n")
        }
        w.write(level, "StorageClass:\t\(claimClass(claim.json))\n")
        if full {
            if claim.deletionTimestamp != nil {
                w.write(level, "Status:\tTerminating\n")
            } else {
                w.write(level, "Status:\t\(claim.json[["status", "phase"]]?.stringValue ?? "")\n")
            }
        }
        w.write(level, "Volume:\t\(spec["volumeName"]?.stringValue ?? "")\n")
        w.labels(indent + "Labels", claim.labels)
        w.write(level, "")
        w.annotations("Annotations", claim.annotations)
        if full { w.write(level, "Finalizers:\t[\(claim.finalizers.joined(separator: " "))]\n") }
        var capacity = "", modes = ""
        if let volume = spec["volumeName"]?.stringValue, !volume.isEmpty {
            modes = accessModes(claim.json[["status", "accessModes"]])
            capacity = quantity(claim.json[["status", "capacity", "storage"]])
        }
        w.write(level, "Capacity:\t\(capacity)\n")
        w.write(level, "Access Modes:\t\(modes)\n")
        if let mode = spec["volumeMode"]?.stringValue { w.write(level, "VolumeMode:\t\(mode)\n") }
        if let source = spec["dataSource"], source != .null {
            w.write(level, "DataSource:\n")
            if let group = source["apiGroup"]?.stringValue { w.write(level + 1, "APIGroup:\t\(group)\n") }
            w.write(level + 1, "Kind:\t\(source["kind"]?.stringValue ?? "")\n")
            w.write(level + 1, "Name:\t\(source["name"]?.stringValue ?? "")\n")
        }
    }

    func describePersistentVolumeClaim(_ claim: KubeObject) async -> String {
        let pods = await list(BuiltinResources.pods, namespace: claim.namespace).filter { pod in
            (pod.json[["spec", "volumes"]]?.arrayValue ?? []).contains {
                $0[["persistentVolumeClaim", "claimName"]]?.stringValue == claim.name
            } || claim.ownerReferences.contains { $0["kind"]?.stringValue == "Pod" && $0["uid"]?.stringValue == pod.uid }
        }
        let events = await self.events(about: claim)
        var w = DescribeWriter()
        Self.persistentVolumeClaimFields(claim, full: true, level: 0, into: &w)
        w.write(0, "Used By:\t")
        if pods.isEmpty { w.line("<none>") }
        for (index, pod) in pods.sorted(by: { $0.name < $1.name }).enumerated() {
            if index != 0 { w.write(0, "\t") }
            w.write(0, "\(pod.name)\n")
        }
        let conditions = claim.json[["status", "conditions"]]?.arrayValue ?? []
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n")
            w.write(1, "Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n")
            w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
            for c in conditions {
                w.write(1, "\(c["type"]?.goText ?? "") \t\(c["status"]?.goText ?? "") \t\(DescribeTime.rfc1123(c["lastProbeTime"]?.stringValue)) \t\(DescribeTime.rfc1123(c["lastTransitionTime"]?.stringValue)) \t\(c["reason"]?.stringValue ?? "") \t\(c["message"]?.stringValue ?? "")\n")
            }
        }
        w.events(events, now: now)
        return w.finish()
    }

    func describeStorageClass(_ storageClass: KubeObject) async -> String {
        let events = await self.events(about: storageClass)
        let json = storageClass.json
        var w = DescribeWriter()
        w.write(0, "Name:\t\(storageClass.name)\n")
        let annotations = storageClass.annotations
        let isDefault = annotations["storageclass.kubernetes.io/is-default-class"] == "true"
            || annotations["storageclass.beta.kubernetes.io/is-default-class"] == "true"
        w.write(0, "IsDefaultClass:\t\(isDefault ? "Yes" : "No")\n")
        w.write(0, "Annotations:\t\(LabelFormatting.labels(annotations))\n")
        w.write(0, "Provisioner:\t\(json["provisioner"]?.stringValue ?? "")\n")
        w.write(0, "Parameters:\t\(LabelFormatting.labels(json["parameters"]))\n")
        w.write(0, "AllowVolumeExpansion:\t\(json["allowVolumeExpansion"]?.boolValue.map { $0 ? "True" : "False" } ?? "<unset>")\n")
        let options = (json["mountOptions"]?.arrayValue ?? []).compactMap(\.stringValue)
        if options.isEmpty {
            w.write(0, "MountOptions:\t<none>\n")
        } else {
            w.write(0, "MountOptions:\n")
            for option in options { w.write(1, "\(option)\n") }
        }
        if let policy = json["reclaimPolicy"]?.stringValue { w.write(0, "ReclaimPolicy:\t\(policy)\n") }
        if let mode = json["volumeBindingMode"]?.stringValue { w.write(0, "VolumeBindingMode:\t\(mode)\n") }
        if let topologies = json["allowedTopologies"]?.arrayValue {
            w.write(0, "AllowedTopologies:\t")
            if topologies.isEmpty { w.line("<none>") } else { w.line("") }
            for (index, term) in topologies.enumerated() {
                w.write(1, "Term \(index):\t")
                let expressions = term["matchLabelExpressions"]?.arrayValue ?? []
                if expressions.isEmpty { w.line("<none>") }
                for (position, expression) in expressions.enumerated() {
                    if position != 0 { w.write(1, "\t") }
                    var text = "\(expression["key"]?.stringValue ?? "") in"
                    let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
                    if !values.isEmpty { text += " [\(values.joined(separator: ", "))]" }
                    w.write(0, text + "\n")
                }
            }
        }
        w.events(events, now: now)
        return w.finish()
    }

    func describeCSINode(_ node: KubeObject) async -> String {
        let events = await self.events(about: node)
        var w = DescribeWriter()
        w.write(0, "Name:\t\(node.name)\n")
        w.labels("Labels", node.labels)
        w.annotations("Annotations", node.annotations)
        w.write(0, "CreationTimestamp:\t\(DescribeTime.rfc1123(node.creationTimestamp))\n")
        w.write(0, "Spec:\n")
        if let drivers = node.json[["spec", "drivers"]]?.arrayValue {
            w.write(1, "Drivers:\n")
            for driver in drivers {
                w.write(2, "\(driver["name"]?.stringValue ?? ""):\n")
                w.write(3, "Node ID:\t\(driver["nodeID"]?.stringValue ?? "")\n")
                if let count = driver[["allocatable", "count"]]?.intValue {
                    w.write(3, "Allocatables:\n")
                    w.write(4, "Count:\t\(count)\n")
                }
                if let keys = driver["topologyKeys"], keys != .null { w.write(3, "Topology Keys:\t\(keys.goText)\n") }
            }
        }
        w.events(events, now: now)
        return w.finish()
    }

    func describePodDisruptionBudget(_ budget: KubeObject) async -> String {
        let events = await self.events(about: budget)
        let spec = budget.json["spec"] ?? .emptyObject
        let status = budget.json["status"] ?? .emptyObject
        var w = DescribeWriter()
        w.write(0, "Name:\t\(budget.name)\n")
        w.write(0, "Namespace:\t\(budget.namespace ?? "")\n")
        if let minimum = spec["minAvailable"], minimum != .null {
            w.write(0, "Min available:\t\(minimum.goText)\n")
        } else if let maximum = spec["maxUnavailable"], maximum != .null {
            w.write(0, "Max unavailable:\t\(maximum.goText)\n")
        }
        if let selector = spec["selector"], selector != .null {
            w.write(0, "Selector:\t\(LabelFormatting.formattedSelector(selector))\n")
        } else {
            w.write(0, "Selector:\t<unset>\n")
        }
        w.write(0, "Status:\n")
        w.write(2, "Allowed disruptions:\t\(status["disruptionsAllowed"]?.intValue ?? 0)\n")
        w.write(2, "Current:\t\(status["currentHealthy"]?.intValue ?? 0)\n")
        w.write(2, "Desired:\t\(status["desiredHealthy"]?.intValue ?? 0)\n")
        w.write(2, "Total:\t\(status["expectedPods"]?.intValue ?? 0)\n")
        w.events(events, now: now)
        return w.finish()
    }

    func describePriorityClass(_ priorityClass: KubeObject) async -> String {
        let events = await self.events(about: priorityClass)
        let json = priorityClass.json
        var w = DescribeWriter()
        w.write(0, "Name:\t\(priorityClass.name)\n")
        w.write(0, "Value:\t\(json["value"]?.intValue ?? 0)\n")
        w.write(0, "GlobalDefault:\t\(json["globalDefault"]?.boolValue ?? false)\n")
        w.write(0, "PreemptionPolicy:\t\(json["preemptionPolicy"]?.stringValue ?? "")\n")
        w.write(0, "Description:\t\(json["description"]?.stringValue ?? "")\n")
        w.write(0, "Annotations:\t\(LabelFormatting.labels(priorityClass.annotations))\n")
        w.events(events, now: now)
        return w.finish()
    }
}
