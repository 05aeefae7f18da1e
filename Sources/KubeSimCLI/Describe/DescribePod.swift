import Foundation
import KubeAPI

/// kubectl's pod describer and the pod-template and container sections the workload describers share.
extension DescribeContext {
    func describePod(_ pod: KubeObject) async -> String {
        let json = pod.json
        let spec = json["spec"] ?? .emptyObject
        let status = json["status"] ?? .emptyObject
        var events: [KubeObject]?
        if showEvents {
            // The reference has no kind; a mirror pod's events name its static pod's uid.
            let uid = pod.annotations["kubernetes.io/config.mirror"] ?? pod.uid
            events = await DescribeEvents.search(
                client, name: pod.name, namespace: pod.namespace ?? "", kind: nil, uid: uid.flatMap { $0.isEmpty ? nil : $0 })
        }
        var w = DescribeWriter()
        w.write(0, "Name:\t\(pod.name)\n")
        w.write(0, "Namespace:\t\(pod.namespace ?? "")\n")
        if let priority = spec["priority"]?.intValue { w.write(0, "Priority:\t\(priority)\n") }
        if let name = spec["priorityClassName"]?.stringValue, !name.isEmpty { w.write(0, "Priority Class Name:\t\(name)\n") }
        if let name = spec["runtimeClassName"]?.stringValue, !name.isEmpty { w.write(0, "Runtime Class Name:\t\(name)\n") }
        if let account = spec["serviceAccountName"]?.stringValue, !account.isEmpty {
            w.write(0, "Service Account:\t\(account)\n")
        }
        let node = spec["nodeName"]?.stringValue ?? ""
        w.write(0, node.isEmpty ? "Node:\t<none>\n" : "Node:\t\(node)/\(status["hostIP"]?.stringValue ?? "")\n")
        if let start = status["startTime"]?.stringValue { w.write(0, "Start Time:\t\(DescribeTime.rfc1123(start))\n") }
        w.labels("Labels", pod.labels)
        w.annotations("Annotations", pod.annotations)
        let phase = status["phase"]?.stringValue ?? ""
        if let deletion = pod.deletionTimestamp, phase != "Failed", phase != "Succeeded" {
            w.write(0, "Status:\tTerminating (lasts \(age(deletion)))\n")
            w.write(0, "Termination Grace Period:\t\(pod.metadata["deletionGracePeriodSeconds"]?.intValue ?? 0)s\n")
        } else {
            w.write(0, "Status:\t\(phase)\n")
        }
        if let reason = status["reason"]?.stringValue, !reason.isEmpty { w.write(0, "Reason:\t\(reason)\n") }
        if let message = status["message"]?.stringValue, !message.isEmpty { w.write(0, "Message:\t\(message)\n") }
        if let profile = spec[["securityContext", "seccompProfile"]], profile != .null {
            w.write(0, "SeccompProfile:\t\(profile["type"]?.stringValue ?? "")\n")
            if profile["type"]?.stringValue == "Localhost" {
                w.write(0, "LocalhostProfile:\t\(profile["localhostProfile"]?.stringValue ?? "")\n")
            }
        }
        w.write(0, "IP:\t\(status["podIP"]?.stringValue ?? "")\n")
        let ips = status["podIPs"]?.arrayValue ?? []
        if ips.isEmpty {
            w.write(0, "IPs:\t<none>\n")
        } else {
            w.write(0, "IPs:\n")
            for ip in ips { w.write(1, "IP:\t\(ip["ip"]?.stringValue ?? "")\n") }
        }
        if let owner = Self.controller(of: pod) { w.write(0, "Controlled By:\t\(owner)\n") }
        if let nominated = status["nominatedNodeName"]?.stringValue, !nominated.isEmpty {
            w.write(0, "NominatedNodeName:\t\(nominated)\n")
        }
        if let resources = spec["resources"], resources != .null {
            w.write(0, "Resources:\n")
            Self.resources(resources, level: 1, into: &w)
        }
        if let initContainers = spec["initContainers"]?.arrayValue, !initContainers.isEmpty {
            Self.containers("Init Containers", initContainers, statuses: status["initContainerStatuses"]?.arrayValue ?? [], space: "", into: &w)
        }
        Self.containers("Containers", spec["containers"]?.arrayValue ?? [], statuses: status["containerStatuses"]?.arrayValue ?? [], space: "", into: &w)
        if let ephemeral = spec["ephemeralContainers"]?.arrayValue, !ephemeral.isEmpty {
            Self.containers(
                "Ephemeral Containers", ephemeral, statuses: status["ephemeralContainerStatuses"]?.arrayValue ?? [], space: "", into: &w)
        }
        let conditions = status["conditions"]?.arrayValue ?? []
        if let gates = spec["readinessGates"]?.arrayValue, !gates.isEmpty {
            w.write(0, "Readiness Gates:\n  Type\tStatus\n")
            for gate in gates {
                let type = gate["conditionType"]?.stringValue ?? ""
                let condition = conditions.first { $0["type"]?.stringValue == type }
                w.write(1, "\(type) \t\(condition?["status"]?.stringValue ?? "<none>") \n")
            }
        }
        if !conditions.isEmpty {
            w.write(0, "Conditions:\n  Type\tStatus\n")
            for condition in conditions {
                w.write(1, "\(condition["type"]?.stringValue ?? "") \t\(condition["status"]?.stringValue ?? "") \n")
            }
        }
        Self.volumes(spec["volumes"]?.arrayValue ?? [], space: "", into: &w)
        w.write(0, "QoS Class:\t\(status["qosClass"]?.stringValue ?? "")\n")
        w.labels("Node-Selectors", spec["nodeSelector"]?.stringMap ?? [:])
        Self.tolerations("Tolerations", spec["tolerations"]?.arrayValue ?? [], into: &w)
        Self.topologySpread(spec["topologySpreadConstraints"]?.arrayValue ?? [], space: "", into: &w)
        w.events(events, now: now)
        return w.finish()
    }

    /// `printController`: `Kind/name` of the controlling owner.
    static func controller(of object: KubeObject) -> String? {
        guard let owner = object.ownerReferences.first(where: { $0["controller"]?.boolValue == true }) else { return nil }
        return "\(owner["kind"]?.stringValue ?? "")/\(owner["name"]?.stringValue ?? "")"
    }

    /// `DescribePodTemplate`.
    static func podTemplate(_ template: JSONValue?, into w: inout DescribeWriter) {
        w.write(0, "Pod Template:\n")
        guard let template, template != .null else { return w.write(1, "<unset>") }
        let spec = template["spec"] ?? .emptyObject
        w.labels("  Labels", template[["metadata", "labels"]]?.stringMap ?? [:])
        let annotations = template[["metadata", "annotations"]]?.stringMap ?? [:]
        if !annotations.isEmpty { w.annotations("  Annotations", annotations) }
        if let account = spec["serviceAccountName"]?.stringValue, !account.isEmpty {
            w.write(1, "Service Account:\t\(account)\n")
        }
        if let initContainers = spec["initContainers"]?.arrayValue, !initContainers.isEmpty {
            containers("Init Containers", initContainers, statuses: nil, space: "  ", into: &w)
        }
        containers("Containers", spec["containers"]?.arrayValue ?? [], statuses: nil, space: "  ", into: &w)
        volumes(spec["volumes"]?.arrayValue ?? [], space: "  ", into: &w)
        topologySpread(spec["topologySpreadConstraints"]?.arrayValue ?? [], space: "  ", into: &w)
        if let name = spec["priorityClassName"]?.stringValue, !name.isEmpty { w.write(1, "Priority Class Name:\t\(name)\n") }
        w.labels("  Node-Selectors", spec["nodeSelector"]?.stringMap ?? [:])
        tolerations("  Tolerations", spec["tolerations"]?.arrayValue ?? [], into: &w)
    }

    /// `describeContainers`: each container's image, ports, command, state, resources, probes, environment and
    /// mounts; `statuses` nil for a template.
    static func containers(_ label: String, _ containers: [JSONValue], statuses: [JSONValue]?, space: String, into w: inout DescribeWriter) {
        w.write(0, "\(space)\(label):\(containers.isEmpty ? " <none>" : "")\n")
        for container in containers {
            let name = container["name"]?.stringValue ?? ""
            let status = statuses?.first { $0["name"]?.stringValue == name }
            w.write(1, "\(space.isEmpty ? "" : " ")\(name):\n")
            if let status { w.write(2, "Container ID:\t\(status["containerID"]?.stringValue ?? "")\n") }
            w.write(2, "Image:\t\(container["image"]?.stringValue ?? "")\n")
            if let status { w.write(2, "Image ID:\t\(status["imageID"]?.stringValue ?? "")\n") }
            let ports = container["ports"]?.arrayValue ?? []
            let portText = ports.map { "\($0["containerPort"]?.intValue ?? 0)/\($0["protocol"]?.stringValue ?? "")" }.joined(separator: ", ")
            let hostText = ports.map { "\($0["hostPort"]?.intValue ?? 0)/\($0["protocol"]?.stringValue ?? "")" }.joined(separator: ", ")
            w.write(2, portText.contains(",") ? "Ports:\t\(portText)\n" : "Port:\t\(portText.isEmpty ? "<none>" : portText)\n")
            w.write(2, hostText.contains(",") ? "Host Ports:\t\(hostText)\n" : "Host Port:\t\(hostText.isEmpty ? "<none>" : hostText)\n")
            if let profile = container[["securityContext", "seccompProfile"]], profile != .null {
                w.write(2, "SeccompProfile:\t\(profile["type"]?.stringValue ?? "")\n")
                if profile["type"]?.stringValue == "Localhost" {
                    w.write(3, "LocalhostProfile:\t\(profile["localhostProfile"]?.stringValue ?? "")\n")
                }
            }
            for (title, key) in [("Command", "command"), ("Args", "args")] {
                let items = (container[key]?.arrayValue ?? []).compactMap(\.stringValue)
                guard !items.isEmpty else { continue }
                w.write(2, "\(title):\n")
                for item in items {
                    for part in item.split(separator: "\n", omittingEmptySubsequences: false) { w.write(3, "\(part)\n") }
                }
            }
            if let status {
                state("State", status["state"], into: &w)
                if let last = status["lastState"], last["terminated"] != nil { state("Last State", last, into: &w) }
                w.write(2, "Ready:\t\(status["ready"]?.boolValue == true ? "True" : "False")\n")
                w.write(2, "Restart Count:\t\(status["restartCount"]?.intValue ?? 0)\n")
            }
            resources(container["resources"] ?? .emptyObject, level: 2, into: &w)
            for (title, key) in [("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"), ("Startup", "startupProbe")] {
                if let probe = container[key], probe != .null { w.write(2, "\(title):\t\(describeProbe(probe))\n") }
            }
            environment(container, into: &w)
            let mounts = (container["volumeMounts"]?.arrayValue ?? []).sorted {
                ($0["mountPath"]?.stringValue ?? "") < ($1["mountPath"]?.stringValue ?? "")
            }
            w.write(2, "Mounts:\(mounts.isEmpty ? "\t<none>" : "")\n")
            for mount in mounts {
                var flags = [mount["readOnly"]?.boolValue == true ? "ro" : "rw"]
                if let sub = mount["subPath"]?.stringValue, !sub.isEmpty { flags.append("path=\(GoStringLiteral.quote(sub))") }
                w.write(3, "\(mount["mountPath"]?.stringValue ?? "") from \(mount["name"]?.stringValue ?? "") (\(flags.joined(separator: ",")))\n")
            }
            let devices = container["volumeDevices"]?.arrayValue ?? []
            if !devices.isEmpty {
                w.write(2, "Devices:\(mounts.isEmpty ? "\t<none>" : "")\n")
                for device in devices.sorted(by: { ($0["devicePath"]?.stringValue ?? "") < ($1["devicePath"]?.stringValue ?? "") }) {
                    w.write(3, "\(device["devicePath"]?.stringValue ?? "") from \(device["name"]?.stringValue ?? "")\n")
                }
            }
        }
    }

    private static func environment(_ container: JSONValue, into w: inout DescribeWriter) {
        let sources = container["envFrom"]?.arrayValue ?? []
        if !sources.isEmpty {
            w.write(2, "Environment Variables from:\n")
            for source in sources {
                var from = "", name = "", optional = false
                if let reference = source["configMapRef"], reference != .null {
                    (from, name, optional) = ("ConfigMap", reference["name"]?.stringValue ?? "", reference["optional"]?.boolValue ?? false)
                } else if let reference = source["secretRef"], reference != .null {
                    (from, name, optional) = ("Secret", reference["name"]?.stringValue ?? "", reference["optional"]?.boolValue ?? false)
                }
                let prefix = source["prefix"]?.stringValue ?? ""
                let kind = prefix.isEmpty ? from : "\(from) with prefix '\(prefix)'"
                w.write(3, "\(name)\t\(kind)\tOptional: \(optional)\n")
            }
        }
        let variables = container["env"]?.arrayValue ?? []
        w.write(2, "Environment:\(variables.isEmpty ? "\t<none>" : "")\n")
        for variable in variables {
            let name = variable["name"]?.stringValue ?? ""
            guard let from = variable["valueFrom"], from != .null else {
                for (index, part) in (variable["value"]?.stringValue ?? "").split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    w.write(3, index == 0 ? "\(name):\t\(part)\n" : "\t\(part)\n")
                }
                continue
            }
            if let field = from["fieldRef"], field != .null {
                w.write(3, "\(name):\t (\(field["apiVersion"]?.stringValue ?? "v1"):\(field["fieldPath"]?.stringValue ?? ""))\n")
            } else if let resource = from["resourceFieldRef"], resource != .null {
                w.write(3, "\(name):\t (\(resource["resource"]?.stringValue ?? ""))\n")
            } else if let key = from["secretKeyRef"], key != .null {
                w.write(3, "\(name):\t<set to the key '\(key["key"]?.stringValue ?? "")' in secret '\(key["name"]?.stringValue ?? "")'>\tOptional: \(key["optional"]?.boolValue ?? false)\n")
            } else if let key = from["configMapKeyRef"], key != .null {
                w.write(3, "\(name):\t<set to the key '\(key["key"]?.stringValue ?? "")' of config map '\(key["name"]?.stringValue ?? "")'>\tOptional: \(key["optional"]?.boolValue ?? false)\n")
            }
        }
    }

    /// `describeStatus`: a container state.
    private static func state(_ title: String, _ state: JSONValue?, into w: inout DescribeWriter) {
        if let running = state?["running"], running != .null {
            w.write(2, "\(title):\tRunning\n")
            w.write(3, "Started:\t\(DescribeTime.rfc1123(running["startedAt"]?.stringValue))\n")
        } else if let waiting = state?["waiting"], waiting != .null {
            w.write(2, "\(title):\tWaiting\n")
            if let reason = waiting["reason"]?.stringValue, !reason.isEmpty { w.write(3, "Reason:\t\(reason)\n") }
        } else if let terminated = state?["terminated"], terminated != .null {
            w.write(2, "\(title):\tTerminated\n")
            if let reason = terminated["reason"]?.stringValue, !reason.isEmpty { w.write(3, "Reason:\t\(reason)\n") }
            if let message = terminated["message"]?.stringValue, !message.isEmpty { w.write(3, "Message:\t\(message)\n") }
            w.write(3, "Exit Code:\t\(terminated["exitCode"]?.intValue ?? 0)\n")
            if let signal = terminated["signal"]?.intValue, signal > 0 { w.write(3, "Signal:\t\(signal)\n") }
            w.write(3, "Started:\t\(DescribeTime.rfc1123(terminated["startedAt"]?.stringValue))\n")
            w.write(3, "Finished:\t\(DescribeTime.rfc1123(terminated["finishedAt"]?.stringValue))\n")
        } else {
            w.write(2, "\(title):\tWaiting\n")
        }
    }

    /// `describeResources`: limits then requests, names sorted.
    static func resources(_ resources: JSONValue, level: Int, into w: inout DescribeWriter) {
        for (title, key) in [("Limits", "limits"), ("Requests", "requests")] {
            let list = resources[key]?.objectValue ?? [:]
            if !list.isEmpty { w.write(level, "\(title):\n") }
            for name in list.keys.sorted() {
                w.write(level + 1, "\(name):\t\(Quantity(json: list[name]).map(\.canonical) ?? list[name]!.goText)\n")
            }
        }
    }

    /// `DescribeProbe`.
    static func describeProbe(_ probe: JSONValue) -> String {
        let attributes = "delay=\(probe["initialDelaySeconds"]?.intValue ?? 0)s timeout=\(probe["timeoutSeconds"]?.intValue ?? 0)s period=\(probe["periodSeconds"]?.intValue ?? 0)s #success=\(probe["successThreshold"]?.intValue ?? 0) #failure=\(probe["failureThreshold"]?.intValue ?? 0)"
        if let exec = probe["exec"], exec != .null {
            return "exec \((exec["command"] ?? .array([])).goText) \(attributes)"
        }
        if let get = probe["httpGet"], get != .null {
            let port = get["port"]?.goText ?? ""
            var host = get["host"]?.stringValue ?? ""
            if !port.isEmpty { host = (host.contains(":") ? "[\(host)]" : host) + ":" + port }
            let scheme = (get["scheme"]?.stringValue ?? "").lowercased()
            return "http-get \(scheme.isEmpty ? "" : scheme + ":")//\(host)\(get["path"]?.stringValue ?? "") \(attributes)"
        }
        if let socket = probe["tcpSocket"], socket != .null {
            return "tcp-socket \(socket["host"]?.stringValue ?? ""):\(socket["port"]?.goText ?? "") \(attributes)"
        }
        if let grpc = probe["grpc"], grpc != .null {
            return "grpc <pod>:\(grpc["port"]?.intValue ?? 0) \(grpc["service"]?.stringValue ?? "") \(attributes)"
        }
        return "unknown \(attributes)"
    }

    /// `printTolerationsMultilineWithIndent`.
    static func tolerations(_ title: String, _ tolerations: [JSONValue], into w: inout DescribeWriter) {
        w.write(0, "\(title):\t")
        guard !tolerations.isEmpty else { return w.line("<none>") }
        let sorted = tolerations.enumerated().sorted {
            let (a, b) = ($0.element["key"]?.stringValue ?? "", $1.element["key"]?.stringValue ?? "")
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        for (index, toleration) in sorted.enumerated() {
            if index != 0 { w.write(0, "\t") }
            let key = toleration["key"]?.stringValue ?? ""
            let value = toleration["value"]?.stringValue ?? ""
            let effect = toleration["effect"]?.stringValue ?? ""
            var text = key
            if !value.isEmpty { text += "=\(value)" }
            if !effect.isEmpty { text += ":\(effect)" }
            if toleration["operator"]?.stringValue == "Exists" && value.isEmpty {
                text += key.isEmpty && effect.isEmpty ? "op=Exists" : " op=Exists"
            }
            if let seconds = toleration["tolerationSeconds"]?.intValue { text += " for \(seconds)s" }
            w.write(0, text + "\n")
        }
    }

    private static func topologySpread(_ constraints: [JSONValue], space: String, into w: inout DescribeWriter) {
        guard !constraints.isEmpty else { return }
        let sorted = constraints.sorted { ($0["topologyKey"]?.stringValue ?? "") < ($1["topologyKey"]?.stringValue ?? "") }
        w.write(0, "\(space)Topology Spread Constraints:\t")
        for (index, constraint) in sorted.enumerated() {
            if index != 0 { w.write(0, "\(space)\t") }
            var text = "\(constraint["topologyKey"]?.stringValue ?? ""):\(constraint["whenUnsatisfiable"]?.stringValue ?? "") when max skew \(constraint["maxSkew"]?.intValue ?? 0) is exceeded"
            if let selector = constraint["labelSelector"], selector != .null {
                text += " for selector \(LabelFormatting.formattedSelector(selector))"
            }
            w.write(0, text + "\n")
        }
    }
}
